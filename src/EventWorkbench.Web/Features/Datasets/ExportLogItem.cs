using EventWorkbench.Export;

namespace EventWorkbench.Web.Features.Datasets;

/// <summary>A recorded export as <c>GET /api/exports</c> lists it: who, when, through what, its manifest, and the data
/// subjects erased since whose data it held.</summary>
public sealed record ExportLogItem(
    string Id, long Sequence, DateTimeOffset At, string By, string? Source, string Format, long AsOf, long Rows, string Sha256, ExportManifest? Manifest,
    IReadOnlyList<string> ErasedSubjects)
{
    public static ExportLogItem Of(LoggedExport logged, IReadOnlyList<string> erasedSubjects) => new(
        logged.Id, logged.Sequence, logged.At, logged.Exported.By, logged.Source, logged.Exported.Format, logged.Exported.AsOfSequence,
        logged.Exported.RowCount, logged.Exported.Sha256, logged.Manifest, erasedSubjects);
}

/// <summary>A page of the export log, newest first.</summary>
public sealed record ExportLogPage(IReadOnlyList<ExportLogItem> Items, int Page, int PageSize, long Total);
