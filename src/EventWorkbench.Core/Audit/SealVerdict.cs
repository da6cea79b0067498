namespace EventWorkbench.Audit;

/// <summary>What is wrong at one place of the sealed log.</summary>
/// <param name="Sequence">The first sequence concerned: the event's own, or the first of the seal's range.</param>
/// <param name="Kind">One of <see cref="SealProblemKinds"/>.</param>
/// <param name="Seal">The number of the seal whose range holds <paramref name="Sequence"/> (0 when none does).</param>
public sealed record SealProblem(long Sequence, string Kind, long Seal, string Message);

/// <summary>The kinds of <see cref="SealProblem"/>.</summary>
public static class SealProblemKinds
{
    /// <summary>The event's stored bytes differ from the bytes sealed.</summary>
    public const string Rewritten = "rewritten";

    /// <summary>The event's bytes differ, and its timestamp is not the one sealed.</summary>
    public const string BackDated = "back-dated";

    /// <summary>A sealed sequence is no longer in the log.</summary>
    public const string Deleted = "deleted";

    /// <summary>The log holds an event at a sequence inside a sealed range that was not sealed.</summary>
    public const string Inserted = "inserted";

    /// <summary>The per-event digests of a seal's range no longer hash to the digest the seal holds.</summary>
    public const string DigestsRewritten = "digests-rewritten";

    /// <summary>The events of a seal's range no longer hash to the segment digest the seal holds.</summary>
    public const string SegmentDiffers = "segment-differs";

    /// <summary>A seal does not follow from the one before it: a range that does not continue, or a chain digest that does not recompute.</summary>
    public const string ChainBroken = "chain-broken";
}

/// <summary>The outcome of verifying the log against its seals.</summary>
/// <param name="SealedThrough">The end of the last seal's range (0 when nothing is sealed).</param>
/// <param name="EventsChecked">Events read inside the sealed ranges.</param>
/// <param name="UnsealedEvents">Events after the last seal, which no seal covers yet.</param>
/// <param name="Problems">The problems found, in sequence order (at most <see cref="LogVerifier.MaxProblems"/>).</param>
public sealed record SealVerdict(
    bool Intact,
    long Seals,
    long SealedThrough,
    long EventsChecked,
    long UnsealedEvents,
    SealProblem? FirstProblem,
    IReadOnlyList<SealProblem> Problems,
    long ElapsedMs)
{
    /// <summary>The verdict in one sentence.</summary>
    public string Summary => FirstProblem is { } first
        ? $"The log no longer matches its seals from sequence {first.Sequence}: {first.Message}"
        : Seals == 0
            ? "Nothing is sealed yet."
            : $"Intact: {Count(EventsChecked, "event")} in {Count(Seals, "seal")} (sequences 1..{SealedThrough}) match; " +
              (UnsealedEvents == 0 ? "every event is sealed." : $"{Count(UnsealedEvents, "later event")} not sealed yet.");

    private static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count:N0} {noun}s";
}

/// <summary>Progress of a verification: the sequence reached, out of <paramref name="SealedThrough"/>.</summary>
public readonly record struct VerifyProgress(long Sequence, long SealedThrough);
