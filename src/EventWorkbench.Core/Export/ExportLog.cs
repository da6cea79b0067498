using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using Marten;

namespace EventWorkbench.Export;

/// <summary>
/// Records each export as a <c>dataset_exported</c> on the workbench's own stream <see cref="WorkbenchStreams.Exports"/>
/// (closed to API clients), appended at the version read, as the access log does: a concurrent export moves the version
/// and this one appends again after it. The actor is who exported; the event holds the manifest.
/// </summary>
public sealed class ExportLog(IDocumentStore store)
{
    public const string Source = "api";

    /// <summary>The source of an export downloaded from the export page.</summary>
    public const string PageSource = "ui";
    private const int MaxAttempts = 20;

    public static readonly JsonSerializerOptions ManifestJson = CreateManifestJson();

    public Task<DatasetExported> RecordAsync(ExportManifest manifest, string by, CancellationToken cancellationToken = default) =>
        RecordAsync(manifest, by, Source, cancellationToken);

    /// <summary>Records an export made through <paramref name="source"/> (<see cref="Source"/> or <see cref="PageSource"/>).</summary>
    public async Task<DatasetExported> RecordAsync(ExportManifest manifest, string by, string source, CancellationToken cancellationToken = default)
    {
        var exported = new DatasetExported(
            Guid.CreateVersion7().ToString(), manifest.Format, JsonSerializer.SerializeToElement(manifest.Filters, ManifestJson),
            manifest.AsOf, manifest.Files[0].Rows, manifest.Files[0].Sha256, by, JsonSerializer.SerializeToElement(manifest, ManifestJson));
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var version = (await session.Events.FetchStreamStateAsync(WorkbenchStreams.Exports, cancellationToken))?.Version ?? 0;
            var e = session.Events.BuildEvent(exported);
            e.Id = Guid.CreateVersion7();
            e.UserName = by;
            e.SetHeader(EventAppender.SourceHeader, source);
            if (version == 0) session.Events.StartStream(WorkbenchStreams.Exports, e);
            else session.Events.Append(WorkbenchStreams.Exports, version + 1, e);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return exported;
            }
            catch (Exception ex) when (EventAppender.IsVersionConflict(ex) && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Past exports, newest first.</summary>
    public async Task<IReadOnlyList<DatasetExported>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(WorkbenchStreams.Exports, token: cancellationToken);
        return events.Select(e => e.Data).OfType<DatasetExported>().Reverse().ToList();
    }

    private static JsonSerializerOptions CreateManifestJson()
    {
        var options = EventCatalogue.CreateJsonOptions(strict: false);
        options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        return options;
    }
}
