using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Analytics;

/// <summary>
/// Which <see cref="ActivityByDay"/> each event counts in: the UTC day of its timestamp and its stream's product as
/// corrected (its <c>interaction_started</c>, with every correction of it), as the scorecards place the stream's
/// proposals. A start or correction that changes the product moves the stream's events counted before it to the new
/// product (<see cref="ActivityCount"/> -1 there, +1 here), so the counts are always those of the product as of the
/// last event folded. Pure.
/// </summary>
public static class ActivityRouting
{
    /// <param name="batch">The events to count, any streams.</param>
    /// <param name="stored">
    /// Stored starts and corrections of those streams, and every stored event of the streams whose product the batch
    /// changes (see <see cref="MayMove"/>); those from the batch on are ignored.
    /// </param>
    public static List<(string Id, IEvent Fact)> Route(IReadOnlyList<IEvent> batch, IReadOnlyList<IEvent> stored)
    {
        var storedByStream = stored.GroupBy(e => e.StreamKey ?? "").ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList(), StringComparer.Ordinal);
        var routed = new List<(string, IEvent)>();
        foreach (var stream in batch.Where(e => !Ids.IsMartenStream(e.StreamKey)).GroupBy(e => e.StreamKey ?? ""))
        {
            var events = stream.OrderBy(e => e.Version).ToList();
            var isWorkbench = WorkbenchStreams.IsWorkbenchStream(stream.Key);
            var earlier = !isWorkbench && storedByStream.TryGetValue(stream.Key, out var found)
                ? found.Where(e => e.Version < events[0].Version).ToList()
                : [];
            var product = new StreamProduct();
            foreach (var e in earlier) product.Apply(e.Data, e.Version);
            var before = product.Current;
            if (!isWorkbench) foreach (var e in events) product.Apply(e.Data, e.Version);

            if (product.Current != before)
            {
                foreach (var e in earlier)
                {
                    routed.Add((ActivityByDay.IdFor(AnalyticsFacts.DayOf(e.Timestamp), before), AnalyticsFacts.Derived(e, new ActivityCount(e.EventTypeName, -1))));
                    routed.Add((ActivityByDay.IdFor(AnalyticsFacts.DayOf(e.Timestamp), product.Current), AnalyticsFacts.Derived(e, new ActivityCount(e.EventTypeName, 1))));
                }
            }
            foreach (var e in events)
                routed.Add((ActivityByDay.IdFor(AnalyticsFacts.DayOf(e.Timestamp), product.Current), AnalyticsFacts.Derived(e, new ActivityCount(e.EventTypeName, 1))));
        }
        return routed;
    }

    /// <summary>
    /// Whether the batch may change a stream's product after some of its events were counted (a start or a correction
    /// after its first event): the grouper then reads every earlier event of the stream, to move them.
    /// </summary>
    public static bool MayMove(IEnumerable<IEvent> streamBatch)
    {
        var events = streamBatch.ToList();
        return events.Count > 0 && events.Min(e => e.Version) > 1 && events.Any(e => e.Data is InteractionStarted or EventCorrected);
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

/// <summary>One event of type <paramref name="Type"/> counted in (+1) or taken out of (-1) an <see cref="ActivityByDay"/>.</summary>
public sealed record ActivityCount(string Type, int Delta);
