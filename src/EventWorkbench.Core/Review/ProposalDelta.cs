using System.Diagnostics.CodeAnalysis;
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
    /// <summary>
    /// Whether the AI content and a final version can be compared: there is a final version, and neither side was erased
    /// with its data subject (comparing the two <see cref="SealedValue.Erased"/> placeholders would claim the proposal was
    /// accepted unchanged; the change is no longer known).
    /// </summary>
    public static bool Comparable(string aiContent, [NotNullWhen(true)] string? final) =>
        final is not null && aiContent != SealedValue.Erased && final != SealedValue.Erased;

    /// <summary>
    /// Null while nothing has been made of the proposal (pending or rejected without an edit), and once its texts were
    /// erased with their data subject (<see cref="Comparable"/>: the change is no longer known).
    /// </summary>
    public static TextDelta? Of(ProposalReview review, bool ignoreWhitespace = false) =>
        Comparable(review.AiContent, review.FinalContent)
            ? DeltaEngine.Compare(review.AiContent, review.FinalContent, review.ContentType == ContentType.Json, ignoreWhitespace)
            : null;

    /// <summary>
    /// Whether the proposal has a final version but no delta because its texts were erased with their data subject (a
    /// pending one has nothing to compare either way).
    /// </summary>
    public static bool TextsErased(ProposalReview review) => review.FinalContent is not null && !Comparable(review.AiContent, review.FinalContent);

    /// <summary>The wire name of a category, as stored on the review and accepted by the category filter.</summary>
    public static string CategoryName(EditCategory category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    /// <summary>
    /// Stores the metrics on the review (so the queue can filter and sort by them); a pure function of its content, and
    /// none while it is not <see cref="Comparable"/>.
    /// </summary>
    public static void UpdateMetrics(ProposalReview review)
    {
        var delta = Comparable(review.AiContent, review.FinalContent)
            ? DeltaEngine.Measure(review.AiContent, review.FinalContent, review.ContentType == ContentType.Json)
            : null;
        review.Similarity = delta?.Similarity;
        review.EditDistance = delta?.EditDistance;
        review.WordsInserted = delta?.WordsInserted;
        review.WordsDeleted = delta?.WordsDeleted;
        review.EditCategory = delta is null ? null : CategoryName(delta.Category);
    }
}
