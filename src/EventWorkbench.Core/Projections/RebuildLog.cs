using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using Marten;

namespace EventWorkbench.Projections;

/// <summary>A finished rebuild as the history lists it.</summary>
public sealed record RebuildRecord(long Version, DateTimeOffset At, string Name, string By, long Events, long DurationMs);

/// <summary>
/// Records each finished rebuild as a <c>projection_rebuilt</c> on the workbench's own stream
/// <see cref="WorkbenchStreams.Projections"/>, appended at the version read (a concurrent record moves it and this one
/// appends again after it), as the export log does.
/// </summary>
public sealed class RebuildLog(IDocumentStore store)
{
    private const int MaxAttempts = 20;

    public async Task RecordAsync(ProjectionRebuilt rebuilt, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var version = (await session.Events.FetchStreamStateAsync(WorkbenchStreams.Projections, cancellationToken))?.Version ?? 0;
            var e = session.Events.BuildEvent(rebuilt);
            e.Id = Guid.CreateVersion7();
            e.UserName = rebuilt.By;
            e.SetHeader(EventAppender.SourceHeader, "workbench");
            if (version == 0) session.Events.StartStream(WorkbenchStreams.Projections, e);
            else session.Events.Append(WorkbenchStreams.Projections, version + 1, e);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (EventAppender.IsVersionConflict(ex) && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Finished rebuilds, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<RebuildRecord>> ListAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(WorkbenchStreams.Projections, token: cancellationToken);
        return events.Where(e => e.Data is ProjectionRebuilt).Reverse().Take(limit)
            .Select(e => e.Data is ProjectionRebuilt r ? new RebuildRecord(e.Version, e.Timestamp, r.Name, r.By, r.Events, r.DurationMs) : null!)
            .ToList();
    }
}
