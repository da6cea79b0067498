using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;

namespace EventWorkbench.Tests.Demo;

/// <summary>Reads the demo data set back as typed events and works out, independently of the projection,
/// what each proposal's outcome must be.</summary>
public static class DemoExpectations
{
    public sealed record TypedEvent(string StreamId, long Version, string Actor, string Type, object Data);

    public static IReadOnlyList<TypedEvent> Events(IReadOnlyList<DemoStream> streams)
    {
        var events = new List<TypedEvent>();
        foreach (var stream in streams)
        {
            long version = 0;
            foreach (var step in stream.Steps)
            {
                foreach (var envelope in step.Request.Events!)
                {
                    var errors = new ValidationErrors();
                    var data = EventCatalogue.Read(envelope.Type, envelope.Data, errors, "event")
                        ?? throw new InvalidOperationException($"{stream.StreamId}: {errors}");
                    events.Add(new TypedEvent(stream.StreamId, ++version, step.Actor, envelope.Type!, data));
                }
            }
        }
        return events;
    }

    /// <summary>The outcome of every proposal, keyed by proposal id.</summary>
    public static Dictionary<string, ProposalOutcome> Outcomes(IEnumerable<TypedEvent> events)
    {
        var outcomes = new Dictionary<string, ProposalOutcome>(StringComparer.Ordinal);
        var edited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case ProposalGenerated generated: outcomes[generated.ProposalId] = ProposalOutcome.Pending; break;
                case ProposalEdited edit: edited.Add(edit.ProposalId); break;
                case ProposalAccepted accepted:
                    outcomes[accepted.ProposalId] = edited.Contains(accepted.ProposalId) ? ProposalOutcome.AcceptedEdited : ProposalOutcome.AcceptedUnchanged;
                    break;
                case ProposalRejected rejected: outcomes[rejected.ProposalId] = ProposalOutcome.Rejected; break;
            }
        }
        return outcomes;
    }
}
