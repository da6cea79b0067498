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

    public override ActivityByDay? Evolve(ActivityByDay? snapshot, string id, IEvent e) => Count(snapshot, id, e);

    public static ActivityByDay Count(ActivityByDay? snapshot, string id, IEvent e)
    {
        // The id is "yyyy-MM-dd|product": the day has a fixed length, so the product is what follows it.
        var activity = snapshot ?? new ActivityByDay { Id = id, Day = DateOnly.ParseExact(id[..10], "yyyy-MM-dd"), Product = id[11..] };
        activity.EventsByType[e.EventTypeName] = activity.EventsByType.GetValueOrDefault(e.EventTypeName) + 1;
        activity.Total++;
        return activity;
    }
}

/// <summary>Reads the stored starts and corrections of the batch's interaction streams; <see cref="ActivityRouting"/> does the rest.</summary>
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
            .Select(g => g.Key)
            .ToArray();
        var stored = streams.Length == 0 ? [] : await AnalyticsReads.StoredEventsAsync(session, streams, ContextTypeNames);
        foreach (var (id, e) in ActivityRouting.Route(events, stored)) grouping.AddEvent(id, e);
    }
}
