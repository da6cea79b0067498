namespace EventWorkbench.Projections;

/// <summary>What asking for a rebuild (or a resume) came to.</summary>
public abstract record RebuildStart
{
    private RebuildStart() { }

    public sealed record Started(RebuildProgress Progress) : RebuildStart;

    public sealed record UnknownProjection(string Name, IReadOnlyList<string> Known) : RebuildStart;

    public sealed record AlreadyRunning(RebuildProgress? Progress) : RebuildStart;

    /// <summary>
    /// Something else holds the projection's rebuild claim for a moment: a rebuild starting on another node, an erasure
    /// folding a subject's streams again, or a shadow promotion.
    /// </summary>
    public sealed record Busy(string Reason) : RebuildStart;

    /// <summary>Resume only: there is no stopped rebuild of it to continue.</summary>
    public sealed record NothingToResume(string Reason) : RebuildStart;
}

/// <summary>What asking to cancel a rebuild came to.</summary>
public abstract record RebuildCancel
{
    private RebuildCancel() { }

    public sealed record Requested(RebuildProgress Progress) : RebuildCancel;

    public sealed record UnknownProjection(string Name, IReadOnlyList<string> Known) : RebuildCancel;

    public sealed record NotRunning(string Name) : RebuildCancel;

    /// <summary>The rebuild has replayed every event and is finishing (an inline projection's last streams, its record).</summary>
    public sealed record Finishing(string Name) : RebuildCancel;
}
