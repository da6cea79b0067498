using EventWorkbench.Streams;
using Marten;

namespace EventWorkbench.Audit;

/// <summary>Reads the seals stored on <see cref="WorkbenchStreams.Seals"/>.</summary>
public sealed class SealLog(IDocumentStore store)
{
    /// <summary>Every seal, oldest first.</summary>
    public async Task<IReadOnlyList<Seal>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(WorkbenchStreams.Seals, token: cancellationToken);
        return events.Where(e => e.Data is LogSealed).Select(e => Seal.Of(e.Version, e.Sequence, (LogSealed)e.Data)).ToList();
    }

    /// <summary>Seal number <paramref name="number"/> (1 is the first), or null when there is none.</summary>
    public async Task<Seal?> FindAsync(long number, CancellationToken cancellationToken = default)
    {
        if (number < 1) return null;
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(WorkbenchStreams.Seals, version: number, token: cancellationToken);
        return events.Count > 0 && events[^1] is { Data: LogSealed logged } last && last.Version == number ? Seal.Of(number, last.Sequence, logged) : null;
    }

    /// <summary>The last seal and the seal stream's version (0 when nothing was sealed yet).</summary>
    internal static async Task<(Seal? Last, long Version)> LastAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var state = await session.Events.FetchStreamStateAsync(WorkbenchStreams.Seals, cancellationToken);
        if (state is null || state.Version == 0) return (null, 0);
        var events = await session.Events.FetchStreamAsync(WorkbenchStreams.Seals, fromVersion: state.Version, token: cancellationToken);
        var last = events.LastOrDefault(e => e.Version == state.Version);
        return (last is { Data: LogSealed logged } ? Seal.Of(last.Version, last.Sequence, logged) : null, state.Version);
    }
}
