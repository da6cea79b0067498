using System.Text.Json;
using EventWorkbench.Erasure;
using EventWorkbench.Review.Delta;
using EventWorkbench.Streams;

namespace EventWorkbench.Review;

/// <summary>
/// A proposal's delta: its AI content against the final human version, i.e. the last edit before
/// the outcome, the AI content itself when accepted unchanged, or the latest edit while still pending.
/// </summary>
public static class ProposalDelta
{
    /// <summary>Null while nothing has been made of the proposal (pending or rejected without an edit).</summary>
    public static TextDelta? Of(ProposalReview review, bool ignoreWhitespace = false) =>
        review.FinalContent is { } final
            ? DeltaEngine.Compare(review.AiContent, final, review.ContentType == ContentType.Json, ignoreWhitespace)
            : null;

    /// <summary>The wire name of a category, as stored on the review and accepted by the category filter.</summary>
    public static string CategoryName(EditCategory category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    /// <summary>
    /// Stores the metrics on the review (so the queue can filter and sort by them); a pure function of its content. A
    /// side whose subject was erased reads <see cref="SealedValue.Erased"/>: the delta is no longer known, so there are
    /// none (comparing the two placeholders would claim the proposal was accepted unchanged).
    /// </summary>
    public static void UpdateMetrics(ProposalReview review)
    {
        var known = review.AiContent != SealedValue.Erased && review.FinalContent != SealedValue.Erased;
        var delta = known && review.FinalContent is { } final ? DeltaEngine.Measure(review.AiContent, final, review.ContentType == ContentType.Json) : null;
        review.Similarity = delta?.Similarity;
        review.EditDistance = delta?.EditDistance;
        review.WordsInserted = delta?.WordsInserted;
        review.WordsDeleted = delta?.WordsDeleted;
        review.EditCategory = delta is null ? null : CategoryName(delta.Category);
    }
}
