namespace EventWorkbench.Projections;

/// <summary>What a finished shadow build found: the position it covers and how its documents differ from the live ones.</summary>
public sealed record ShadowSummary(
    string Projection, long BuiltThrough, long Events, string BuiltBy, DateTimeOffset BuiltAt, long DurationMs,
    long LiveDocuments, long ShadowDocuments, long Added, long Removed, long Changed, long Unchanged)
{
    public bool HasChanges => Added + Removed + Changed > 0;
}

/// <summary>How a document differs: only in the shadow (a rebuild would add it), only live (it would go) or in both, changed.</summary>
public enum ShadowChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One field that differs, by JSON path (<c>$.edits[1].content</c>); a side is null where the field is absent, else its JSON.</summary>
public sealed record FieldChange(string Path, string? Live, string? Shadow);

/// <summary>An event of the log that went into a document, linking to its step in the stream's history.</summary>
public sealed record ExplainingEvent(long Sequence, string StreamId, long Version, string Type, DateTimeOffset Timestamp);

/// <summary>One document a promotion would change, with its field differences and the events that explain it.</summary>
public sealed record ShadowChange(
    long Ordinal, string DocumentId, ShadowChangeKind Kind, IReadOnlyList<FieldChange> Fields,
    IReadOnlyList<ExplainingEvent> Events, long EventsTotal);

public sealed record ShadowChangesPage(ShadowSummary Summary, IReadOnlyList<ShadowChange> Items, int Page, int PageSize, long Total);

/// <summary>How far a running build is: the rebuild's position of the high-water mark it started at, then the comparison.</summary>
public sealed record ShadowProgress(string Stage, long Position, long Of);
