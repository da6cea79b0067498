using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;

namespace EventWorkbench.Analytics;

/// <summary>
/// Reads the current reviews of the streams in the batch (inline, so never behind the daemon) and, for streams with a
/// correction, their stored context; <see cref="ScorecardRouting"/> decides the rest. It never reads scorecards: the
/// daemon groups the next batch while it still writes the last.
/// </summary>
public sealed class ModelScorecardGrouper : IJasperFxAggregateGrouper<string, IQuerySession>
{
    private static readonly string[] HistoryTypeNames =
        [EventCatalogue.WireName(typeof(InteractionStarted)), EventCatalogue.WireName(typeof(ProposalGenerated)), EventCatalogue.WireName(typeof(EventCorrected))];

    public async Task Group(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var batch = events.Where(e => e.StreamKey is not null && !Ids.IsMartenStream(e.StreamKey) && !WorkbenchStreams.IsWorkbenchStream(e.StreamKey)).ToList();
        if (batch.Count == 0) return;
        var streams = batch.Select(e => e.StreamKey!).Distinct().ToArray();
        var reviews = await AnalyticsReads.ReviewsOfAsync(session, streams);
        // A start after the stream's first event may follow a generation and move its proposals, as a correction may.
        var corrected = batch.Where(e => e.Data is EventCorrected || (e.Data is InteractionStarted && e.Version > 1))
            .Select(e => e.StreamKey!).Distinct().ToArray();
        var history = corrected.Length == 0 ? [] : await AnalyticsReads.StoredEventsAsync(session, corrected, HistoryTypeNames);

        foreach (var (cardId, fact) in ScorecardRouting.Route(batch, reviews, history)) grouping.AddEvent(cardId, fact);
    }
}
