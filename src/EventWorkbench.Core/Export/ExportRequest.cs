namespace EventWorkbench.Export;

/// <summary>
/// Everything that decides an export's bytes. <see cref="AsOf"/> null means the log's high-water mark when the export
/// starts; <see cref="Split"/> null writes every split (the lineage names each row's). <see cref="IncludeOnly"/> keeps
/// only rows whose proposal's latest curation is <c>include</c>; an <c>exclude</c> always removes a row.
/// </summary>
public sealed record ExportRequest
{
    public ExportFormat Format { get; init; } = ExportFormat.TrlSft;
    public ExportContainer Container { get; init; } = ExportContainer.Jsonl;
    public long? AsOf { get; init; }
    public ExportFilter Filter { get; init; } = new();
    public DatasetSplit? Split { get; init; }
    public long Seed { get; init; }
    public SplitRatios Ratios { get; init; } = SplitRatios.Default;
    public bool Dedup { get; init; } = true;
    public bool IncludeOnly { get; init; }
}
