using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Analytics;

/// <summary>
/// Which <see cref="ActivityByDay"/> each event counts in: the UTC day of its timestamp and the product its stream named
/// as of that event (its <c>interaction_started</c>, with the corrections of it appended before the event). Pure.
/// </summary>
public static class ActivityRouting
{
    /// <param name="batch">The events to count, any streams.</param>
    /// <param name="stored">Stored starts and corrections of those streams (those from the batch on are ignored).</param>
    public static List<(string Id, IEvent Event)> Route(IReadOnlyList<IEvent> batch, IReadOnlyList<IEvent> stored)
    {
        var storedByStream = stored.GroupBy(e => e.StreamKey ?? "").ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList(), StringComparer.Ordinal);
        var routed = new List<(string, IEvent)>();
        foreach (var stream in batch.Where(e => !Ids.IsMartenStream(e.StreamKey)).GroupBy(e => e.StreamKey ?? ""))
        {
            var events = stream.OrderBy(e => e.Version).ToList();
            var product = new StreamProduct();
            if (!WorkbenchStreams.IsWorkbenchStream(stream.Key) && storedByStream.TryGetValue(stream.Key, out var earlier))
                foreach (var e in earlier.Where(e => e.Version < events[0].Version)) product.Apply(e.Data, e.Version);
            foreach (var e in events)
            {
                if (!WorkbenchStreams.IsWorkbenchStream(stream.Key)) product.Apply(e.Data, e.Version);
                routed.Add((ActivityByDay.IdFor(AnalyticsFacts.DayOf(e.Timestamp), product.Current), e));
            }
        }
        return routed;
    }

    /// <summary>A stream's product as its start and the corrections of the start say, event by event.</summary>
    public sealed class StreamProduct
    {
        private long _startedVersion;
        public string Current { get; private set; } = "";

        public void Apply(object data, long version)
        {
            switch (data)
            {
                case InteractionStarted started when _startedVersion == 0:
                    (_startedVersion, Current) = (version, started.Product ?? "");
                    break;
                case EventCorrected corrected when _startedVersion != 0 && corrected.CorrectsVersion == _startedVersion:
                    if (CorrectionFields.TryString(corrected.Correction, "product", out var product)) Current = product ?? "";
                    break;
            }
        }
    }
}
