using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;

namespace EventWorkbench.Review;

/// <summary>
/// Routes events to the proposals they concern. Events with a proposal id go to <c>{streamId}/{proposalId}</c>.
/// Stream context without one (<c>interaction_started</c>, <c>event_corrected</c>) goes to every proposal of the
/// stream; a proposal first generated in this batch also receives the context the stream stored earlier, read
/// from the event store (not from a projection, so a rebuild sees the same thing). Order and "earlier" go by stream
/// version: inline, the events of this batch have versions but no sequence numbers yet (the append function draws those).
/// </summary>
public sealed class ProposalEventGrouper : IJasperFxAggregateGrouper<string, IQuerySession>
{
    public static readonly Type[] RelevantTypes =
    [
        typeof(InteractionStarted), typeof(ProposalGenerated), typeof(ProposalEdited), typeof(ProposalAccepted),
        typeof(ProposalRejected), typeof(FeedbackGiven), typeof(EventCorrected), typeof(ExampleCurated),
    ];

    private static readonly string[] ContextTypeNames =
        [EventCatalogue.WireName(typeof(InteractionStarted)), EventCatalogue.WireName(typeof(EventCorrected)), EventCatalogue.WireName(typeof(ProposalGenerated))];

    public async Task Group(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var streams = events
            .Where(e => e.StreamKey is not null && !Ids.IsMartenStream(e.StreamKey) && RelevantTypes.Contains(e.EventType))
            .GroupBy(e => e.StreamKey!)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList());
        var stored = await StoredContextAsync(session, streams);

        foreach (var (streamId, streamEvents) in streams)
        {
            var earlier = stored.TryGetValue(streamId, out var found) ? found : [];
            foreach (var (id, routed) in ProposalRouting.Route(streamId, earlier, streamEvents)) grouping.AddEvents(id, routed);
        }
    }

    /// <summary>Starts, corrections and generations stored before this batch, for the streams that need them.</summary>
    private static async Task<Dictionary<string, List<IEvent>>> StoredContextAsync(
        IQuerySession session, Dictionary<string, List<IEvent>> streams)
    {
        var needed = streams
            .Where(pair => pair.Value.Any(e => e.Data is InteractionStarted or EventCorrected or ProposalGenerated))
            .Select(pair => pair.Key)
            .ToArray();
        if (needed.Length == 0) return [];

        var below = needed.Max(streamId => streams[streamId][0].Version);
        var stored = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.IsOneOf(needed) && e.EventTypeName.IsOneOf(ContextTypeNames) && e.Version < below)
            .ToListAsync();
        return stored
            .Where(e => e.Version < streams[e.StreamKey!][0].Version)
            .GroupBy(e => e.StreamKey!)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Version).ToList());
    }
}
