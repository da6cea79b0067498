using System.ComponentModel;
using EventWorkbench.Review;
using JasperFx.Events;
using Marten.Events.Projections;

namespace EventWorkbench.Analytics;

/// <summary>
/// One <see cref="ModelScorecard"/> per model, prompt version, product and day of generation, run by the async daemon.
/// <see cref="ModelScorecardGrouper"/> turns the events into <see cref="ScorecardContribution"/>s read off the inline
/// <see cref="ProposalReview"/>; this class only folds them.
/// </summary>
[Description("Per model, prompt version, product and day: proposals, their outcomes, mean similarity and median time to decision. The dashboards' rate, similarity and time charts read it.")]
public sealed partial class ModelScorecardProjection : MultiStreamProjection<ModelScorecard, string>
{
    public ModelScorecardProjection()
    {
        foreach (var type in ProposalEventGrouper.RelevantTypes) IncludeType(type);
        CustomGrouping(new ModelScorecardGrouper());
    }

    public override ModelScorecard? Evolve(ModelScorecard? snapshot, string id, IEvent e) =>
        e.Data is ScorecardContribution contribution ? Apply(snapshot, id, contribution) : snapshot;

    /// <summary>Replaces (or removes) one proposal's entry; a card left without entries is deleted (null).</summary>
    public static ModelScorecard? Apply(ModelScorecard? snapshot, string id, ScorecardContribution contribution)
    {
        if (contribution.Entry is null)
        {
            if (snapshot is null || !snapshot.Entries.Remove(contribution.ReviewId)) return snapshot;
            if (snapshot.Entries.Count == 0) return null;
            Recount(snapshot);
            return snapshot;
        }

        var card = snapshot ?? new ModelScorecard
        {
            Id = id,
            Model = contribution.Key.Model,
            PromptVersion = contribution.Key.PromptVersion,
            Product = contribution.Key.Product,
            Day = contribution.Key.Day,
        };
        card.Entries[contribution.ReviewId] = contribution.Entry;
        Recount(card);
        return card;
    }

    /// <summary>The totals, from the entries alone.</summary>
    public static void Recount(ModelScorecard card)
    {
        var entries = card.Entries.Values;
        card.Proposals = entries.Count;
        card.Pending = entries.Count(x => x.Outcome == nameof(Streams.ProposalOutcome.Pending));
        card.AcceptedUnchanged = entries.Count(x => x.Outcome == nameof(Streams.ProposalOutcome.AcceptedUnchanged));
        card.AcceptedEdited = entries.Count(x => x.Outcome == nameof(Streams.ProposalOutcome.AcceptedEdited));
        card.Rejected = entries.Count(x => x.Outcome == nameof(Streams.ProposalOutcome.Rejected));

        var decided = entries.Where(x => x.Outcome != nameof(Streams.ProposalOutcome.Pending)).ToList();
        var similarities = decided.Where(x => x.Similarity is not null).Select(x => x.Similarity!.Value).ToList();
        card.MeanSimilarity = similarities.Count == 0 ? null : similarities.Average();
        card.SimilarityBins = new int[10];
        foreach (var similarity in similarities) card.SimilarityBins[Math.Clamp((int)(similarity * 10), 0, 9)]++;
        card.DecisionSeconds = [.. decided.Where(x => x.TimeToDecisionSeconds is not null).Select(x => x.TimeToDecisionSeconds!.Value).Order()];
        card.MedianTimeToDecisionSeconds = Median.Of(card.DecisionSeconds);
    }

    public static ScorecardEntry EntryOf(ProposalReview review) =>
        new(review.Outcome.ToString(), review.Similarity, review.TimeToDecisionSeconds, review.EditCategory);

    public static ScorecardKey KeyOf(ProposalReview review) =>
        new(review.Model, review.PromptVersion ?? "", review.Product ?? "", AnalyticsFacts.DayOf(review.GeneratedAt));
}
