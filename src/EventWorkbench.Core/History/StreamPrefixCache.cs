using JasperFx.Events;
using Marten;

namespace EventWorkbench.History;

/// <summary>
/// The events of the streams whose history was read last, kept in this process's memory, so that stepping through a
/// stream reads only what was appended since instead of its whole past at every step. A stream's events up to a
/// version never change once appended (the store refuses to rewrite them), so a kept run from version 1 stays right
/// and only the events after it are read. Bounded by the size of the events' JSON: the stream read longest ago goes
/// first. The folds only read the events, so one kept event serves every request. <see cref="Forget"/> (an erasure)
/// starts a new generation: a read that began before it may hold the erased data, so it is answered but not kept.
/// </summary>
internal sealed class StreamPrefixCache(long maxJsonBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Kept>> _streams = new(StringComparer.Ordinal);
    private readonly LinkedList<Kept> _byUse = new();
    private long _bytes;
    private long _generation; // under _gate

    private sealed record Kept(string StreamId, IEvent[] Events, long JsonBytes);

    /// <summary>The stream's events from version 1 to <paramref name="toVersion"/> (fewer when it is shorter), in order.</summary>
    public async Task<IReadOnlyList<IEvent>> ReadAsync(IDocumentStore store, string streamId, long toVersion, CancellationToken cancellationToken)
    {
        var (kept, generation) = Take(streamId);
        if (kept is not null && kept.Events.Length >= toVersion) return new ArraySegment<IEvent>(kept.Events, 0, (int)toVersion);
        var (fresh, bytes) = await StreamEventReader.ReadSizedAsync(store, streamId, (kept?.Events.Length ?? 0) + 1, toVersion, cancellationToken);
        if (fresh.Count == 0) return kept?.Events ?? []; // nothing past what is kept: the stream is shorter than asked
        IEvent[] events = kept is null ? [.. fresh] : [.. kept.Events, .. fresh];
        // Kept only as one run from version 1, which an ordered read of a stream's versions from 1 is.
        if (events[0].Version == 1 && events[^1].Version == events.Length)
            Keep(new Kept(streamId, events, (kept?.JsonBytes ?? 0) + bytes), generation);
        return events;
    }

    /// <summary>Drops what is kept of these streams (their events were erased: the kept copies still hold the data).</summary>
    public void Forget(IEnumerable<string> streamIds)
    {
        lock (_gate)
        {
            _generation++;
            foreach (var streamId in streamIds)
                if (_streams.TryGetValue(streamId, out var node)) Drop(node);
        }
    }

    /// <summary>What is kept of the stream, and the generation the read that takes it begins in.</summary>
    private (Kept? Kept, long Generation) Take(string streamId)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(streamId, out var node)) return (null, _generation);
            _byUse.Remove(node);
            _byUse.AddFirst(node);
            return (node.Value, _generation);
        }
    }

    private void Keep(Kept kept, long generation)
    {
        if (kept.JsonBytes > maxJsonBytes) return;
        lock (_gate)
        {
            if (generation != _generation) return; // read (in part) before a Forget: it may hold what was forgotten
            if (_streams.TryGetValue(kept.StreamId, out var existing))
            {
                // Two requests may have read on at once: the longer run stays.
                if (existing.Value.Events.Length >= kept.Events.Length) return;
                Drop(existing);
            }
            while (_bytes + kept.JsonBytes > maxJsonBytes && _byUse.Last is { } oldest) Drop(oldest);
            _streams[kept.StreamId] = _byUse.AddFirst(kept);
            _bytes += kept.JsonBytes;
        }
    }

    private void Drop(LinkedListNode<Kept> node)
    {
        _byUse.Remove(node);
        _streams.Remove(node.Value.StreamId);
        _bytes -= node.Value.JsonBytes;
    }
}
