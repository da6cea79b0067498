namespace EventWorkbench.Export;

/// <summary>
/// What an export holds and how it was made: everything needed to re-create it byte for byte (format, container,
/// filters, <c>asOf</c>, split, seed, ratios, dedup, include-only), the rows per split, the rows dropped and why, and
/// each file with its rows, bytes and SHA-256.
/// </summary>
public sealed record ExportManifest(
    int FormatVersion,
    string Format,
    string Container,
    long AsOf,
    IReadOnlyDictionary<string, string> Filters,
    string? Split,
    long Seed,
    SplitRatios Ratios,
    bool Dedup,
    bool IncludeOnly,
    SplitCounts Rows,
    DroppedRows Dropped,
    IReadOnlyList<ExportFile> Files);

public sealed record SplitCounts(long Train, long Validation, long Test)
{
    public long Total => Train + Validation + Test;
}

/// <summary>Rows a rule removed: a curation <c>exclude</c>, not labelled <c>include</c> in include-only mode, an empty side, a duplicate.</summary>
public sealed record DroppedRows(long ExcludedByCuration, long NotIncluded, long EmptySide, long Duplicate);

public sealed record ExportFile(string Name, long Rows, long Bytes, string Sha256);
