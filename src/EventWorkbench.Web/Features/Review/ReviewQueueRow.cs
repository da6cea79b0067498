using EventWorkbench.Review;
using EventWorkbench.Streams;

namespace EventWorkbench.Web.Features.Review;

/// <summary>What one line of the review queue shows: small enough to hand from the prerender to the live page.</summary>
public sealed record ReviewQueueRow(
    string StreamId,
    string ProposalId,
    string Preview,
    string? Product,
    string Model,
    string? PromptVersion,
    ProposalOutcome Outcome,
    string? EditCategory,
    double? Similarity,
    CurationVerdict? Verdict,
    string? CuratedBy,
    DateTimeOffset GeneratedAt,
    long LastVersion)
{
    private const int PreviewLength = 140;

    public static ReviewQueueRow From(ProposalReview review) => new(
        review.StreamId,
        review.ProposalId,
        PreviewOf(review.AiContent),
        review.Product,
        review.Model,
        review.PromptVersion,
        review.Outcome,
        review.EditCategory,
        review.Similarity,
        review.Curation?.Verdict,
        review.Curation?.By,
        review.GeneratedAt,
        review.LastVersion);

    private static string PreviewOf(string text)
    {
        if (text.Length <= PreviewLength) return text;
        var cut = char.IsHighSurrogate(text[PreviewLength - 1]) ? PreviewLength - 1 : PreviewLength; // never half an emoji
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
