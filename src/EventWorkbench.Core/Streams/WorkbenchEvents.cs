using System.Text.Json;

namespace EventWorkbench.Streams;

// Events the workbench writes about itself: the workbench audits itself with events too.
// They are not accepted from API clients; the features that own them append them.

/// <summary>An export was downloaded: <see cref="Sha256"/> is its data file's; <see cref="Manifest"/> (added later, so
/// optional) is the whole manifest, from which the same export can be made again.</summary>
public sealed record DatasetExported(
    string ExportId, string Format, JsonElement Filters, long AsOfSequence, long RowCount, string Sha256, string By,
    JsonElement? Manifest = null);

/// <summary>A data subject's personal data was erased: who, why, when, and how many events and streams named the subject
/// (<see cref="Events"/> and <see cref="Streams"/> were added later, so optional); never the data.</summary>
public sealed record SubjectErased(string SubjectId, string By, string Reason, DateTimeOffset ErasedAt, long Events = 0, int Streams = 0);

public sealed record ProjectionRebuilt(string Name, string By, long Events, long DurationMs);

/// <summary>A shadow rebuild of a projection was thrown away unpromoted; <see cref="BuiltThrough"/> is the position it covered.</summary>
public sealed record ProjectionShadowDiscarded(string Name, string By, long BuiltThrough);
