using EventWorkbench.Review;
using EventWorkbench.Streams;

namespace EventWorkbench.Export;

/// <summary>
/// One training row before it is written: the prompt, the sides the format uses, and the proposals it came from
/// (the first is the one the filter and the curation rules look at).
/// </summary>
public sealed record TrainingExample(
    IReadOnlyList<ChatMessage> Prompt, string? Chosen, string? Rejected, string? Completion, bool? Label, IReadOnlyList<PinnedReview> Sources)
{
    public ProposalReview Primary => Sources[0].Review;

    /// <summary>A side that is there but holds nothing but whitespace: such a row is never written.</summary>
    public bool HasEmptySide => IsBlank(Chosen) || IsBlank(Rejected) || IsBlank(Completion);

    private static bool IsBlank(string? side) => side is not null && string.IsNullOrWhiteSpace(side);
}

/// <summary>
/// Which rows each training format takes from one stream's proposals (in generation order):
/// SFT takes accepted proposals, edited or not, with the human final as the target; DPO takes accepted proposals whose
/// human final differs from the AI content (chosen: the final, rejected: the AI content), and a rejected proposal
/// followed in its stream by an accepted one (chosen: the later final, rejected: the rejected AI content, the prompt
/// of the rejected one); KTO labels the AI content true when accepted unchanged and false when edited or rejected.
/// </summary>
public static class TrainingExamples
{
    public static IEnumerable<TrainingExample> For(ExportFormat format, IReadOnlyList<PinnedReview> stream) => format switch
    {
        ExportFormat.TrlSft or ExportFormat.OpenaiSft => Sft(stream),
        ExportFormat.TrlDpo or ExportFormat.OpenaiDpo => Dpo(stream),
        ExportFormat.TrlKto => Kto(stream),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a training format"),
    };

    private static bool IsAccepted(ProposalReview review) =>
        review.Outcome is ProposalOutcome.AcceptedUnchanged or ProposalOutcome.AcceptedEdited && review.FinalContent is not null;

    private static IEnumerable<TrainingExample> Sft(IReadOnlyList<PinnedReview> stream) =>
        stream.Where(p => IsAccepted(p.Review)).Select(p => new TrainingExample(p.Review.Messages, p.Review.FinalContent, null, null, null, [p]));

    private static IEnumerable<TrainingExample> Dpo(IReadOnlyList<PinnedReview> stream)
    {
        for (var i = 0; i < stream.Count; i++)
        {
            var review = stream[i].Review;
            if (IsAccepted(review) && !string.Equals(review.FinalContent, review.AiContent, StringComparison.Ordinal))
                yield return new TrainingExample(review.Messages, review.FinalContent, review.AiContent, null, null, [stream[i]]);
            if (review.Outcome != ProposalOutcome.Rejected) continue;
            for (var j = i + 1; j < stream.Count; j++)
            {
                if (!IsAccepted(stream[j].Review)) continue;
                yield return new TrainingExample(review.Messages, stream[j].Review.FinalContent, review.AiContent, null, null, [stream[i], stream[j]]);
                break;
            }
        }
    }

    private static IEnumerable<TrainingExample> Kto(IReadOnlyList<PinnedReview> stream) =>
        stream.Where(p => p.Review.Outcome != ProposalOutcome.Pending)
            .Select(p => new TrainingExample(p.Review.Messages, null, null, p.Review.AiContent, p.Review.Outcome == ProposalOutcome.AcceptedUnchanged, [p]));
}
