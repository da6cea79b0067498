using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Analytics;

/// <summary>
/// Which people's days each event concerns (<see cref="ReviewerActivity.IdFor"/>), and how: pure, over the events, the
/// proposals' current reviews and the stored decisions of the streams. Events about a proposal before it was generated
/// count for nothing, as in its review.
/// </summary>
public static class ReviewerRouting
{
    /// <param name="batch">The events to route, any streams, in order.</param>
    /// <param name="reviews">The current reviews of every proposal of those streams.</param>
    /// <param name="decisions">Every stored <c>proposal_accepted</c> and <c>proposal_rejected</c> of those streams.</param>
    public static List<(string Id, IEvent Fact)> Route(
        IReadOnlyList<IEvent> batch, IReadOnlyList<ProposalReview> reviews, IReadOnlyList<IEvent> decisions)
    {
        var reviewsByStream = reviews.GroupBy(r => r.StreamId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var routed = new List<(string, IEvent)>();

        foreach (var e in batch)
        {
            if (e.StreamKey is not { } streamId || !reviewsByStream.TryGetValue(streamId, out var streamReviews)) continue;
            if (e.Data is EventCorrected)
            {
                // A correction can turn a curation label round: every proposal's judgements are read again.
                foreach (var review in streamReviews.Where(r => r.GeneratedVersion != 0)) AddJudgements(routed, e, review, decisions);
                continue;
            }
            if (ProposalRouting.ProposalIdOf(e.Data) is not { } proposalId) continue;
            var touched = streamReviews.Find(r => r.ProposalId == proposalId);
            if (touched is null || touched.GeneratedVersion == 0 || e.Version <= touched.GeneratedVersion) continue;

            var day = AnalyticsFacts.DayOf(e.Timestamp);
            var secondsToDecide = (e.Timestamp - touched.GeneratedAt).TotalSeconds;
            var work = e.Data switch
            {
                ProposalAccepted accepted => new ReviewWorkDone(accepted.By, ReviewWorkKind.Accepted, day, secondsToDecide),
                ProposalRejected rejected => new ReviewWorkDone(rejected.By, ReviewWorkKind.Rejected, day, secondsToDecide),
                ProposalEdited edited => new ReviewWorkDone(edited.Editor, ReviewWorkKind.Edited, day, null),
                ExampleCurated curated => new ReviewWorkDone(curated.By, ReviewWorkKind.Curated, day, null),
                _ => null,
            };
            if (work is not null && !string.IsNullOrEmpty(work.Person)) routed.Add((ReviewerActivity.IdFor(work.Person, day), AnalyticsFacts.Derived(e, work)));
            if (e.Data is ProposalAccepted or ProposalRejected or ExampleCurated) AddJudgements(routed, e, touched, decisions);
        }
        return routed;
    }

    private static void AddJudgements(List<(string, IEvent)> routed, IEvent e, ProposalReview review, IReadOnlyList<IEvent> decisions)
    {
        var judgements = JudgementsOf(review, decisions);
        var generatedOn = AnalyticsFacts.DayOf(review.GeneratedAt);
        foreach (var person in judgements.Keys)
            routed.Add((ReviewerActivity.IdFor(person, generatedOn), AnalyticsFacts.Derived(e, new ProposalJudgements(review.Id, person, generatedOn, judgements))));
    }

    /// <summary>
    /// Each person's current judgement of the proposal: their latest decision (accept: positive) or curation label
    /// (include: positive, as corrected), whichever came last.
    /// </summary>
    public static Dictionary<string, bool> JudgementsOf(ProposalReview review, IReadOnlyList<IEvent> decisions)
    {
        var latest = new Dictionary<string, (long Version, bool Positive)>(StringComparer.Ordinal);
        void Judge(string person, long version, bool positive)
        {
            if (string.IsNullOrEmpty(person)) return;
            if (!latest.TryGetValue(person, out var known) || version > known.Version) latest[person] = (version, positive);
        }

        foreach (var e in decisions.Where(d => d.StreamKey == review.StreamId && d.Version > review.GeneratedVersion))
        {
            switch (e.Data)
            {
                case ProposalAccepted accepted when accepted.ProposalId == review.ProposalId: Judge(accepted.By, e.Version, true); break;
                case ProposalRejected rejected when rejected.ProposalId == review.ProposalId: Judge(rejected.By, e.Version, false); break;
            }
        }
        foreach (var label in review.CurationHistory) Judge(label.By, label.Version, label.Verdict == CurationVerdict.Include);
        return latest.ToDictionary(pair => pair.Key, pair => pair.Value.Positive, StringComparer.Ordinal);
    }
}
