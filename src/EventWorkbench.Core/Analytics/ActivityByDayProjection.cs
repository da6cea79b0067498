using System.ComponentModel;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EventWorkbench.Analytics;

/// <summary>Counts every event, per UTC day and product (see <see cref="ActivityRouting"/>), run by the async daemon.</summary>
[Description("Events per type, product and day. The dashboards' activity chart reads it.")]
public sealed partial class ActivityByDayProjection : MultiStreamProjection<ActivityByDay, string>
{
    public ActivityByDayProjection() => CustomGrouping(new ActivityByDayGrouper());

    public override ActivityByDay? Evolve(ActivityByDay? snapshot, string id, IEvent e) =>
        e.Data is ActivityCount count ? Count(snapshot, id, count) : snapshot;

    /// <summary>Adds (or takes out) one event; a type left at nought is dropped, and a day left without events deleted (null).</summary>
    public static ActivityByDay? Count(ActivityByDay? snapshot, string id, ActivityCount count)
    {
        // The id is "yyyy-MM-dd|product": the day has a fixed length, so the product is what follows it.
        var activity = snapshot ?? new ActivityByDay { Id = id, Day = DateOnly.ParseExact(id[..10], "yyyy-MM-dd"), Product = id[11..] };
        var n = activity.EventsByType.GetValueOrDefault(count.Type) + count.Delta;
        if (n == 0) activity.EventsByType.Remove(count.Type);
        else activity.EventsByType[count.Type] = n;
        activity.Total += count.Delta;
        return activity.Total == 0 && activity.EventsByType.Count == 0 ? null : activity;
    }
}

/// <summary>
/// Reads the stored starts and corrections of the batch's interaction streams, and every earlier event of those whose
/// product the batch may change; <see cref="ActivityRouting"/> does the rest.
/// </summary>
public sealed class ActivityByDayGrouper : IJasperFxAggregateGrouper<string, IQuerySession>
{
    private static readonly string[] ContextTypeNames =
        [EventCatalogue.WireName(typeof(InteractionStarted)), EventCatalogue.WireName(typeof(EventCorrected))];

    public async Task Group(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var streams = events
            .Where(e => e.StreamKey is not null && !Ids.IsMartenStream(e.StreamKey) && !WorkbenchStreams.IsWorkbenchStream(e.StreamKey))
            .GroupBy(e => e.StreamKey!)
            .Where(g => g.Min(e => e.Version) > 1) // from version 1 on, nothing earlier is stored
            .ToList();
        var moving = streams.Where(ActivityRouting.MayMove).Select(g => g.Key).ToArray();
        var context = streams.Select(g => g.Key).Except(moving, StringComparer.Ordinal).ToArray();
        var stored = new List<IEvent>();
        if (context.Length > 0) stored.AddRange(await AnalyticsReads.StoredEventsAsync(session, context, ContextTypeNames));
        if (moving.Length > 0) stored.AddRange(await AnalyticsReads.StoredEventsAsync(session, moving, typeNames: null));
        foreach (var (id, e) in ActivityRouting.Route(events, stored)) grouping.AddEvent(id, e);
    }
}
