using System.Text.Json.Serialization;
using EventWorkbench.Review;
using EventWorkbench.Review.Delta;

namespace EventWorkbench.Web.Features.Review;

/// <summary><c>GET /api/proposals/{id}</c>: the review document and its delta (null while nothing was made of the proposal, and once its texts were erased).</summary>
public sealed record ProposalDetailResponse(
    ProposalReview Review,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DeltaResponse? Delta)
{
    public static ProposalDetailResponse For(ProposalReview review, bool ignoreWhitespace) =>
        new(review, ProposalDelta.Of(review, ignoreWhitespace) is { } delta ? DeltaResponse.From(delta) : null);
}

/// <summary>The delta as <c>GET /api/proposals/{proposalId}</c> answers it (see the README): metrics, category and word-level ops.</summary>
public sealed record DeltaResponse(
    double Similarity,
    int EditDistance,
    int Inserted,
    int Deleted,
    string Category,
    IReadOnlyList<DeltaOpResponse> Ops,
    IReadOnlyList<JsonChange> JsonChanges)
{
    public static DeltaResponse From(TextDelta delta) => new(
        delta.Similarity, delta.EditDistance, delta.WordsInserted, delta.WordsDeleted, ProposalDelta.CategoryName(delta.Category),
        delta.Ops.Select(span => new DeltaOpResponse(span.Op.ToString().ToLowerInvariant(), span.Text)).ToList(),
        delta.JsonChanges);
}

public sealed record DeltaOpResponse(string Op, string Text);
