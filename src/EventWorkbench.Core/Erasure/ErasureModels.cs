namespace EventWorkbench.Erasure;

/// <summary>A request to erase a data subject's personal data.</summary>
public sealed record ErasureRequest(string SubjectId, string By, string Reason)
{
    public const int MaxReasonLength = 2_000;
}

/// <summary>
/// An erasure's progress, one document per subject: written with the <c>subject_erased</c> event in one transaction,
/// completed once the keys are destroyed, the projections folded again and the tables rewritten. A start finds the
/// erasures a crash interrupted by <see cref="Done"/> and completes them.
/// </summary>
public sealed class SubjectErasureJob
{
    public string Id { get; set; } = ""; // the subject id
    public string By { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public long Events { get; set; }
    public int Streams { get; set; }
    /// <summary>The last sequence of the subject's events when its keys were destroyed: its events up to here are erased.</summary>
    public long ErasedThrough { get; set; }

    public bool Done { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>How long the rewrite of the tables that held the data took (their readers waited meanwhile).</summary>
    public long? RewriteMs { get; set; }
}

/// <summary>
/// What an erasure of the subject would erase now: events and streams naming it, keys still live, the last erasure, and
/// whether something an erasure must clean was written after it (<see cref="LeftSinceErasure"/>: events appended for the
/// subject since, or their search text).
/// </summary>
public sealed record ErasurePreview(string SubjectId, long Events, int Streams, int LiveKeys, SubjectErasureJob? Earlier, bool LeftSinceErasure = false)
{
    public bool Known => Events > 0 || LiveKeys > 0 || Earlier is not null;
}

public abstract record ErasureOutcome
{
    private ErasureOutcome() { }

    public sealed record Erased(SubjectErasureJob Job) : ErasureOutcome;

    /// <summary>Nothing of the subject is left to erase: an earlier erasure did it (<see cref="Earlier"/>, when recorded).</summary>
    public sealed record AlreadyErased(SubjectErasureJob? Earlier) : ErasureOutcome;

    /// <summary>
    /// Recorded, keys destroyed and streams folded again, but the tables could not be rewritten yet (<see cref="Reason"/>):
    /// the erasure stays pending and completes when asked again or at the next start.
    /// </summary>
    public sealed record Incomplete(string SubjectId, string Reason) : ErasureOutcome;

    /// <summary>No event names the subject and no key was ever made for it.</summary>
    public sealed record UnknownSubject(string SubjectId) : ErasureOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ErasureOutcome;
}
