using System.ComponentModel;
using EventWorkbench.Streams;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EventWorkbench.Review;

/// <summary>
/// One <see cref="ProposalReview"/> per proposal. <see cref="ProposalEventGrouper"/> routes each event to the
/// proposals it concerns (stream context included); this class only folds them, time taken from the event metadata.
/// </summary>
[Description("One per proposal: the AI's text, every edit, the decision, feedback, curation, and the delta between the AI's and the final text. The review queue, the explorer, the exports and the scorecards read it.")]
public sealed partial class ProposalReviewProjection : MultiStreamProjection<ProposalReview, string>
{
    public ProposalReviewProjection()
    {
        foreach (var type in ProposalEventGrouper.RelevantTypes) IncludeType(type);
        CustomGrouping(new ProposalEventGrouper());
    }

    /// <summary>
    /// Whether the fold keeps the delta metrics up to date (the default). They are a pure function of the final review
    /// (<see cref="ProposalDelta.UpdateMetrics"/>), so a reader that needs them for only some reviews can fold without
    /// them and compute them for those.
    /// </summary>
    public bool ComputesMetrics { get; init; } = true;

    public override ProposalReview? Evolve(ProposalReview? snapshot, string id, IEvent e)
    {
        // A proposal's document begins with its generation, or with stream context routed ahead of it. Its other events
        // are ignored until it is generated, document or not: in one batch (a rebuild) the context comes first and makes
        // the document, so keeping them would make the result depend on batching. Corrections of them find nothing.
        if ((snapshot?.GeneratedVersion ?? 0) == 0 && e.Data is not (ProposalGenerated or InteractionStarted or EventCorrected)) return snapshot;
        var review = snapshot ?? NewReview(id, e.StreamKey ?? "");
        var compared = (review.AiContent, review.FinalContent);

        switch (e.Data)
        {
            case InteractionStarted started when review.StartedVersion == 0:
                review.StartedVersion = e.Version;
                review.Product = started.Product;
                review.Channel = started.Channel;
                break;
            case ProposalGenerated generated when review.GeneratedVersion == 0:
                Generate(review, generated, e);
                break;
            case ProposalEdited edited:
                review.Edits.Add(new ProposalEdit
                {
                    Version = e.Version, Editor = edited.Editor, Content = edited.Content, Comment = edited.Comment, At = e.Timestamp,
                });
                if (!review.Editors.Contains(edited.Editor)) review.Editors.Add(edited.Editor);
                break;
            case ProposalAccepted accepted:
                Decide(review, e, accepted.By, review.Edits.Count > 0 ? ProposalOutcome.AcceptedEdited : ProposalOutcome.AcceptedUnchanged);
                review.RejectReason = null;
                break;
            case ProposalRejected rejected:
                Decide(review, e, rejected.By, ProposalOutcome.Rejected);
                review.RejectReason = rejected.Reason;
                break;
            case FeedbackGiven feedback:
                review.LatestFeedback = new FeedbackNote(e.Version, feedback.Rating, feedback.By, feedback.Comment, feedback.Tags ?? [], e.Timestamp);
                break;
            case ExampleCurated curated:
                review.CurationHistory.Add(new CurationLabel
                {
                    Version = e.Version, Verdict = curated.Verdict, Quality = curated.Quality, Tags = [.. curated.Tags ?? []],
                    Note = curated.Note, By = curated.By, At = e.Timestamp,
                });
                break;
            case EventCorrected corrected:
                ProposalCorrections.Apply(review, corrected, e);
                break;
        }

        review.Curation = review.CurationHistory.Count == 0 ? null : review.CurationHistory[^1];
        review.FinalContent = FinalContentOf(review);
        // Recompute the delta only when one of its two sides changed (edits, outcomes and corrections can).
        if (ComputesMetrics && compared != (review.AiContent, review.FinalContent)) ProposalDelta.UpdateMetrics(review);
        // The latest event by version, whatever order the events come in: inline, Marten orders a document's events by
        // sequence number, and the events being appended have none yet (0), so the stream context read from the store
        // (interaction_started) comes after them there, and first in a rebuild.
        if (e.Version >= review.LastVersion)
        {
            review.LastVersion = e.Version;
            review.LastEventAt = e.Timestamp;
        }
        return review;
    }

    private static ProposalReview NewReview(string id, string streamId) => new()
    {
        Id = id,
        StreamId = streamId,
        ProposalId = id.StartsWith(streamId + "/", StringComparison.Ordinal) ? id[(streamId.Length + 1)..] : id,
    };

    private static void Generate(ProposalReview review, ProposalGenerated generated, IEvent e)
    {
        review.GeneratedVersion = e.Version;
        review.GeneratedAt = e.Timestamp;
        review.ProposalId = generated.ProposalId;
        review.Model = generated.Model;
        review.ModelVersion = generated.ModelVersion;
        review.PromptVersion = generated.PromptVersion;
        review.Messages = [.. generated.Messages];
        review.ContentType = generated.ContentType;
        review.AiContent = generated.Content;
        review.Reasoning = generated.Reasoning;
        review.Parameters = generated.Parameters;
        review.Usage = generated.Usage;
    }

    // The latest decision stands, as in InteractionSummary.
    private static void Decide(ProposalReview review, IEvent e, string by, ProposalOutcome outcome)
    {
        review.Outcome = outcome;
        review.DecidedBy = by;
        review.DecidedAt = e.Timestamp;
        review.DecidedVersion = e.Version;
        review.TimeToDecisionSeconds = review.GeneratedVersion == 0 ? null : (e.Timestamp - review.GeneratedAt).TotalSeconds;
    }

    /// <summary>The last edit before the outcome; the AI content when accepted unchanged; null when pending without edits.</summary>
    public static string? FinalContentOf(ProposalReview review)
    {
        var decidedVersion = review.DecidedVersion ?? long.MaxValue;
        var lastEdit = review.Edits.LastOrDefault(edit => edit.Version < decidedVersion);
        if (lastEdit is not null) return lastEdit.Content;
        return review.Outcome == ProposalOutcome.AcceptedUnchanged ? review.AiContent : null;
    }
}
