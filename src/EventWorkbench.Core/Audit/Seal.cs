namespace EventWorkbench.Audit;

/// <summary>
/// A stored seal as it is listed, downloaded and kept: its number (the version of the seal stream), the sequence of
/// the <c>log_sealed</c> event itself, and what it holds. The JSON of this record is "an auditor's copy": kept
/// elsewhere, it can be checked later against the stored chain (<see cref="KeptCopyCheck"/>).
/// </summary>
public sealed record Seal(
    long Number,
    long Sequence,
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
    public static Seal Of(long number, long sequence, LogSealed logged) => new(
        number, sequence, logged.FromSequence, logged.ToSequence, logged.EventCount, logged.SegmentSha256,
        logged.EventDigestsSha256, logged.PreviousChainSha256, logged.ChainSha256, logged.By, logged.SealedAt);
}

/// <summary>What a request to seal came to.</summary>
public abstract record SealOutcome
{
    /// <summary>New seals were appended (more than one when the unsealed events exceed one seal's size).</summary>
    public sealed record Sealed(IReadOnlyList<Seal> Seals) : SealOutcome;

    /// <summary>No event has been appended since the last seal.</summary>
    public sealed record NothingNew(long SealedThrough) : SealOutcome;

    /// <summary>Another sealer sealed the same range first; nothing was written by this one.</summary>
    public sealed record AlreadySealed(long ExpectedSeal) : SealOutcome;
}
