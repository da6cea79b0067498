namespace EventWorkbench.Audit;

/// <summary>
/// One seal of the event log, on the workbench stream <see cref="Streams.WorkbenchStreams.Seals"/> (its version is the
/// seal's number). It covers the global sequence numbers <see cref="FromSequence"/>..<see cref="ToSequence"/> (the
/// previous seal's end + 1 on; gaps of numbers never used are allowed). <see cref="SegmentSha256"/> is the SHA-256 of
/// the segment's canonical events (<see cref="CanonicalEvents.Digest"/>); <see cref="EventDigestsSha256"/> is the
/// SHA-256 of the per-event digests kept for the segment (<see cref="SealedEvents"/>); <see cref="ChainSha256"/> links
/// this seal to the one before (<see cref="ChainDigest"/>). <see cref="By"/> is a person or <see cref="Automatic"/>.
/// </summary>
public sealed record LogSealed(
    long FromSequence,
    long ToSequence,
    long EventCount,
    string SegmentSha256,
    string EventDigestsSha256,
    string PreviousChainSha256,
    string ChainSha256,
    string By,
    DateTimeOffset SealedAt)
{
    /// <summary>Who seals on the interval or event count of the background sealer.</summary>
    public const string Automatic = "automatic";
}
