namespace EventWorkbench.Export;

public enum RowChange { Added, Removed, Changed }

/// <summary>How many rows each kind of difference holds, all of them (listed or not).</summary>
public sealed record ComparisonCounts(long Added, long Removed, long Changed, long MovedSplit, long Unchanged);

/// <summary>An event that explains a difference: one of the row's stream with its sequence between the two exports' <c>asOf</c>.</summary>
public sealed record ExplainingEvent(long Sequence, long Version, string Type, string? ProposalId, string? Actor, DateTimeOffset At, string What);

/// <summary>
/// One row that differs: added (only in the second export), removed (only in the first) or changed (its text, or its
/// split, which should never move), with the fields that changed and the events that explain it.
/// </summary>
public sealed record RowDifference(
    RowChange Change, string Key, string StreamId, IReadOnlyList<string> ProposalIds, string? SplitBefore, string? SplitAfter,
    IReadOnlyList<FieldDelta> Fields, IReadOnlyList<ExplainingEvent> Events)
{
    public bool MovedSplit => SplitBefore is not null && SplitAfter is not null && SplitBefore != SplitAfter;
}

/// <summary>
/// Two exports of one format compared row by row by lineage: counts of every kind, the first
/// <c>maxListed</c> differences in the second export's order (then the removed rows), and how many more were not listed.
/// </summary>
public sealed record ExportComparison(
    string Format, long AsOfBefore, long AsOfAfter, ComparisonCounts Counts, IReadOnlyList<RowDifference> Differences, long NotListed);

/// <summary>Two exports that cannot be compared (different formats): the message says why.</summary>
public sealed class ExportsNotComparableException(string message) : Exception(message);
