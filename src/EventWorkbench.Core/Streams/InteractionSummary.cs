namespace EventWorkbench.Streams;

public enum ProposalOutcome { Pending, AcceptedUnchanged, AcceptedEdited, Rejected }

/// <summary>What happened in one interaction, at a glance: the Streams grid reads nothing else.</summary>
public sealed class InteractionSummary
{
    public const int InputPreviewLength = 300;

    public string Id { get; set; } = "";
    public string? Product { get; set; }
    public string? Channel { get; set; }
    public string? SubjectId { get; set; }
    public string? InputPreview { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastEventAt { get; set; }
    public string? LastEventType { get; set; }
    public long EventCount { get; set; }
    public int Proposals { get; set; }
    public int AcceptedUnchanged { get; set; }
    public int AcceptedEdited { get; set; }
    public int Rejected { get; set; }
    public int Pending { get; set; }
    public int Corrections { get; set; }
    public long StartedVersion { get; set; }

    /// <summary>The outcome of each proposal in this interaction, by proposal id.</summary>
    public Dictionary<string, ProposalOutcome> Outcomes { get; set; } = [];

    /// <summary>Proposals a person has edited at least once.</summary>
    public List<string> Edited { get; set; } = [];

    // One pass over the outcomes: the projection counts them again at every event of the stream.
    public void CountOutcomes()
    {
        int acceptedUnchanged = 0, acceptedEdited = 0, rejected = 0, pending = 0;
        foreach (var outcome in Outcomes.Values)
        {
            switch (outcome)
            {
                case ProposalOutcome.AcceptedUnchanged: acceptedUnchanged++; break;
                case ProposalOutcome.AcceptedEdited: acceptedEdited++; break;
                case ProposalOutcome.Rejected: rejected++; break;
                case ProposalOutcome.Pending: pending++; break;
            }
        }
        (Proposals, AcceptedUnchanged, AcceptedEdited, Rejected, Pending) = (Outcomes.Count, acceptedUnchanged, acceptedEdited, rejected, pending);
    }

    /// <summary>A copy to fold on without changing this one (its outcomes and edited proposals copied too).</summary>
    public InteractionSummary Copy()
    {
        var copy = (InteractionSummary)MemberwiseClone();
        copy.Outcomes = new Dictionary<string, ProposalOutcome>(Outcomes, Outcomes.Comparer);
        copy.Edited = [.. Edited];
        return copy;
    }
}
