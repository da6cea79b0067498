using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Review;

/// <summary>Which proposal documents each event of one stream belongs to: pure, so the rules can be read in one place.</summary>
public static class ProposalRouting
{
    /// <param name="streamId">The stream.</param>
    /// <param name="earlier">Its starts, corrections and generations stored before <paramref name="batch"/>, in order.</param>
    /// <param name="batch">Its new events, in order.</param>
    public static Dictionary<string, List<IEvent>> Route(string streamId, IReadOnlyList<IEvent> earlier, IReadOnlyList<IEvent> batch)
    {
        var context = earlier.Where(e => e.Data is InteractionStarted or EventCorrected).ToList();
        var known = earlier.Select(e => e.Data).OfType<ProposalGenerated>().Select(g => g.ProposalId).ToHashSet(StringComparer.Ordinal);
        var routed = new Dictionary<string, List<IEvent>>(StringComparer.Ordinal);

        foreach (var e in batch)
        {
            switch (e.Data)
            {
                case InteractionStarted or EventCorrected:
                    context.Add(e);
                    foreach (var knownId in known) EventsFor(routed, streamId, knownId).Add(e);
                    break;
                case ProposalGenerated generated when known.Add(generated.ProposalId):
                    // A new proposal: the stream's context so far comes first, then its own events.
                    var events = EventsFor(routed, streamId, generated.ProposalId);
                    events.InsertRange(0, context.Where(c => !events.Contains(c)));
                    events.Add(e);
                    break;
                default:
                    if (ProposalIdOf(e.Data) is { } proposalId) EventsFor(routed, streamId, proposalId).Add(e);
                    break;
            }
        }
        return routed;
    }

    public static string? ProposalIdOf(object data) => data switch
    {
        ProposalGenerated e => e.ProposalId,
        ProposalEdited e => e.ProposalId,
        ProposalAccepted e => e.ProposalId,
        ProposalRejected e => e.ProposalId,
        FeedbackGiven e => e.ProposalId,
        ExampleCurated e => e.ProposalId,
        _ => null,
    };

    private static List<IEvent> EventsFor(Dictionary<string, List<IEvent>> routed, string streamId, string proposalId)
    {
        var id = ProposalReview.IdFor(streamId, proposalId);
        if (!routed.TryGetValue(id, out var events)) routed[id] = events = [];
        return events;
    }
}
