using System.Text.Json;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Review;

/// <summary>
/// Applies an <c>event_corrected</c> to a review when it corrects one of the events the review was built from:
/// the interaction start (product), the generation, an edit, a rejection, a curation label or the latest feedback.
/// Originals of the texts stay visible. Values are read by <see cref="CorrectionFields"/>' rules: a value of the wrong
/// type or out of range is ignored, never stored, and a correction none of whose fields apply is not recorded.
/// </summary>
public static class ProposalCorrections
{
    public static void Apply(ProposalReview review, EventCorrected corrected, IEvent e)
    {
        var fields = corrected.Correction;
        var target = corrected.CorrectsVersion;
        if (fields.ValueKind != JsonValueKind.Object) return;
        bool applied;
        if (target == review.StartedVersion) applied = CorrectStart(review, fields);
        else if (target == review.GeneratedVersion) applied = CorrectGeneration(review, fields);
        else if (review.Edits.Find(edit => edit.Version == target) is { } edit) applied = CorrectEdit(edit, fields);
        else if (review.CurationHistory.Find(label => label.Version == target) is { } label) applied = CorrectCuration(label, fields);
        // The review keeps only the latest feedback: a correction of earlier feedback changes nothing it shows.
        else if (review.LatestFeedback is { } feedback && target == feedback.Version) applied = CorrectFeedback(review, feedback, fields);
        else if (target == review.DecidedVersion && review.Outcome == ProposalOutcome.Rejected) applied = CorrectRejection(review, fields);
        else return;

        if (applied) review.Corrections.Add(new AppliedCorrection(e.Version, target, corrected.By, corrected.Reason, e.Timestamp));
    }

    private static bool CorrectStart(ProposalReview review, JsonElement fields)
    {
        if (!CorrectionFields.TryString(fields, "product", out var product)) return false;
        review.Product = product;
        return true;
    }

    private static bool CorrectGeneration(ProposalReview review, JsonElement fields)
    {
        var applied = false;
        if (CorrectionFields.TryString(fields, "content", out var content) && content is not null)
        {
            review.OriginalAiContent ??= review.AiContent;
            review.AiContent = content;
            applied = true;
        }
        if (CorrectionFields.TryString(fields, "model", out var model) && model is not null) (review.Model, applied) = (model, true);
        if (CorrectionFields.TryString(fields, "modelVersion", out var modelVersion)) (review.ModelVersion, applied) = (modelVersion, true);
        if (CorrectionFields.TryString(fields, "promptVersion", out var promptVersion)) (review.PromptVersion, applied) = (promptVersion, true);
        if (CorrectionFields.TryString(fields, "reasoning", out var reasoning)) (review.Reasoning, applied) = (reasoning, true);
        return applied;
    }

    private static bool CorrectEdit(ProposalEdit edit, JsonElement fields)
    {
        var applied = false;
        if (CorrectionFields.TryString(fields, "content", out var content) && content is not null)
        {
            edit.OriginalContent ??= edit.Content;
            edit.Content = content;
            applied = true;
        }
        if (CorrectionFields.TryString(fields, "comment", out var comment)) (edit.Comment, applied) = (comment, true);
        return applied;
    }

    /// <summary>Only a field that really changes counts, so a label corrected to what it already says records nothing.</summary>
    private static bool CorrectCuration(CurationLabel label, JsonElement fields)
    {
        var changed = false;
        if (fields.TryGetProperty("verdict", out var v) && CorrectionFields.TryVerdict(v, out var verdict) && verdict != label.Verdict)
            (label.Verdict, changed) = (verdict, true);
        if (fields.TryGetProperty("quality", out var q) && CorrectionFields.TryQuality(q, out var quality) && quality != label.Quality)
            (label.Quality, changed) = (quality, true);
        if (fields.TryGetProperty("tags", out var t) && CorrectionFields.TryTags(t, out var tags) && !tags.SequenceEqual(label.Tags))
            (label.Tags, changed) = (tags, true);
        if (CorrectionFields.TryString(fields, "note", out var note) && note != label.Note) (label.Note, changed) = (note, true);
        return changed;
    }

    /// <summary>As for a curation label, only a field that really changes counts.</summary>
    private static bool CorrectFeedback(ProposalReview review, FeedbackNote feedback, JsonElement fields)
    {
        var (note, changed) = (feedback, false);
        if (fields.TryGetProperty("rating", out var r) && CorrectionFields.TryRating(r, out var rating) && rating != note.Rating)
            (note, changed) = (note with { Rating = rating }, true);
        if (CorrectionFields.TryString(fields, "comment", out var comment) && comment != note.Comment) (note, changed) = (note with { Comment = comment }, true);
        if (fields.TryGetProperty("tags", out var t) && CorrectionFields.TryTags(t, out var tags) && !tags.SequenceEqual(note.Tags))
            (note, changed) = (note with { Tags = tags }, true);
        review.LatestFeedback = note;
        return changed;
    }

    private static bool CorrectRejection(ProposalReview review, JsonElement fields)
    {
        if (!CorrectionFields.TryString(fields, "reason", out var reason)) return false;
        review.RejectReason = reason;
        return true;
    }
}
