using System.Text.Json;

namespace EventWorkbench.Streams;

// Events the workbench writes about itself: the workbench audits itself with events too.
// They are not accepted from API clients; the features that own them append them.

public sealed record DatasetExported(
    string ExportId, string Format, JsonElement Filters, long AsOfSequence, long RowCount, string Sha256, string By);

public sealed record SubjectErased(string SubjectId, string By, string Reason, DateTimeOffset ErasedAt);

public sealed record ProjectionRebuilt(string Name, string By, long Events, long DurationMs);
