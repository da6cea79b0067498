using System.Globalization;
using EventWorkbench.Review;

namespace EventWorkbench.Export;

/// <summary>
/// The review table as CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, lines end
/// in CRLF). A spreadsheet would run a field starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR or NUL as a
/// formula, so such a field gets a leading apostrophe.
/// </summary>
public static class ReviewCsv
{
    public static readonly string[] Columns =
    [
        "stream_id", "proposal_id", "split", "product", "model", "model_version", "prompt_version", "outcome", "generated_at",
        "decided_at", "decided_by", "editors", "ai_content", "final_content", "similarity", "edit_category", "verdict", "quality",
        "tags", "reject_reason",
    ];

    public static string Header => Line(Columns);

    public static string Row(ProposalReview review, DatasetSplit split) => Line(
    [
        review.StreamId, review.ProposalId, ExportNames.Of(split), review.Product, review.Model, review.ModelVersion, review.PromptVersion,
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(review.Outcome.ToString()), Instant(review.GeneratedAt),
        review.DecidedAt is { } decidedAt ? Instant(decidedAt) : null, review.DecidedBy, string.Join(";", review.Editors),
        review.AiContent, review.FinalContent, review.Similarity?.ToString("R", CultureInfo.InvariantCulture), review.EditCategory,
        review.Curation?.Verdict.ToString().ToLowerInvariant(), review.Curation?.Quality?.ToString(CultureInfo.InvariantCulture),
        review.Curation is { } label ? string.Join(";", label.Tags) : null, review.RejectReason,
    ]);

    /// <summary>One field as written: neutralised, then quoted when it must be.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    private static string Line(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
