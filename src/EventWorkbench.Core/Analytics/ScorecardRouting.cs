using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Analytics;

/// <summary>
/// Which scorecards each event changes, and how: pure, over the events, the proposals' current reviews and (for
/// streams with corrections or a late start) the stream's stored starts, generations and corrections.
/// </summary>
public static class ScorecardRouting
{
    /// <param name="batch">The events to route, any streams, in order.</param>
    /// <param name="reviews">The current reviews of every proposal of those streams.</param>
    /// <param name="history">
    /// Every stored start, generation and correction of the streams that have a correction, or a start after their first
    /// event, in <paramref name="batch"/>.
    /// </param>
    public static List<(string CardId, IEvent Fact)> Route(
        IReadOnlyList<IEvent> batch, IReadOnlyList<ProposalReview> reviews, IReadOnlyList<IEvent> history)
    {
        var reviewsByStream = reviews.GroupBy(r => r.StreamId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var historyByStream = history.GroupBy(e => e.StreamKey ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var routed = new List<(string, IEvent)>();

        foreach (var e in batch)
        {
            if (e.StreamKey is not { } streamId || !reviewsByStream.TryGetValue(streamId, out var streamReviews)) continue;
            var proposalId = ProposalRouting.ProposalIdOf(e.Data);
            var touched = proposalId is null
                ? e.Data is InteractionStarted or EventCorrected ? streamReviews : []
                : streamReviews.Where(r => r.ProposalId == proposalId && r.GeneratedVersion != 0);

            foreach (var review in touched.Where(r => r.GeneratedVersion != 0))
            {
                var key = ModelScorecardProjection.KeyOf(review);
                routed.Add((key.Id, AnalyticsFacts.Derived(e, new ScorecardContribution(review.Id, key, ModelScorecardProjection.EntryOf(review)))));
                if (e.Data is not (EventCorrected or InteractionStarted)) continue;

                // A correction can move a proposal to another card (product, model, prompt version), and so can a start
                // appended after the generation (the proposal had no product until then): every card it may have been
                // counted in before loses it. Which those are depends on when the daemon read the review, so take every
                // value the stream has ever given it.
                var streamHistory = historyByStream.TryGetValue(streamId, out var found) ? found : [];
                foreach (var earlier in EarlierKeys(review, streamHistory).Where(k => k != key))
                    routed.Add((earlier.Id, AnalyticsFacts.Derived(e, new ScorecardContribution(review.Id, earlier, null))));
            }
        }
        return routed;
    }

    /// <summary>Every key the review could have had: each product, model and prompt version its stream ever named for it.</summary>
    public static IEnumerable<ScorecardKey> EarlierKeys(ProposalReview review, IReadOnlyList<IEvent> streamHistory)
    {
        HashSet<string> products = [review.Product ?? ""], models = [review.Model], prompts = [review.PromptVersion ?? ""];
        if (review.StartedVersion > review.GeneratedVersion) products.Add(""); // generated before its stream named a product
        foreach (var e in streamHistory)
        {
            switch (e.Data)
            {
                case InteractionStarted started when e.Version == review.StartedVersion:
                    products.Add(started.Product ?? "");
                    break;
                case ProposalGenerated generated when e.Version == review.GeneratedVersion:
                    models.Add(generated.Model);
                    prompts.Add(generated.PromptVersion ?? "");
                    break;
                case EventCorrected corrected when corrected.CorrectsVersion == review.StartedVersion && review.StartedVersion != 0:
                    if (CorrectionFields.TryString(corrected.Correction, "product", out var product)) products.Add(product ?? "");
                    break;
                case EventCorrected corrected when corrected.CorrectsVersion == review.GeneratedVersion:
                    if (CorrectionFields.TryString(corrected.Correction, "model", out var model) && model is not null) models.Add(model);
                    if (CorrectionFields.TryString(corrected.Correction, "promptVersion", out var prompt)) prompts.Add(prompt ?? "");
                    break;
            }
        }
        var day = AnalyticsFacts.DayOf(review.GeneratedAt);
        return from m in models from p in prompts from product in products select new ScorecardKey(m, p, product, day);
    }
}
