using EventWorkbench.Review;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Review;

public static class ReviewEndpoints
{
    public static void MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var proposals = app.MapGroup("/api/proposals").RequireAuthorization(ApiScopes.Read).RequireRateLimiting(RateLimits.Reads).WithTags("Review").WithRawRouteValues();
        proposals.MapGet("", ListAsync).WithName("ListProposals")
            .WithSummary("Proposals for review, newest first; filter by outcome, product, model, prompt version, category, similarity, curation, date and text")
            .ProducesProblem(400).DescribeQuery(ProposalListRequest.Parameters);
        proposals.MapGet("/{proposalId}", GetAsync).WithName("GetProposal")
            .WithSummary("One proposal's review document and its delta; pass streamId when several streams use the same proposal id")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .DescribeQuery(QueryParameter.Text("streamId"), QueryParameter.Flag("ignoreWhitespace"));
    }

    private static async Task<Results<Ok<ProposalListPage>, ProblemHttpResult>> ListAsync(
        [AsParameters] ProposalListRequest request, ProposalQueries queries, CancellationToken cancellationToken)
    {
        var (filter, errors) = request.ToFilter();
        if (filter is null) return Problems.InvalidQuery(errors);
        return TypedResults.Ok(await queries.ListAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<ProposalDetailResponse>, ProblemHttpResult>> GetAsync(
        string proposalId, string? streamId, string? ignoreWhitespace, ProposalQueries queries, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var whitespaceIgnored = QueryText.Flag("ignoreWhitespace", ignoreWhitespace, errors) ?? false;
        if (errors.Count > 0) return Problems.InvalidQuery(errors);

        if (!string.IsNullOrEmpty(streamId))
        {
            return await queries.GetAsync(streamId, proposalId, cancellationToken) is { } review
                ? TypedResults.Ok(ProposalDetailResponse.For(review, whitespaceIgnored))
                : Problems.NotFound($"Stream '{streamId}' has no proposal '{proposalId}'");
        }

        var match = await queries.FindAsync(proposalId, cancellationToken);
        if (match.IsAmbiguous)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "The proposal id is ambiguous",
                $"Several streams hold a proposal '{proposalId}'; pass ?streamId= to choose one",
                new Dictionary<string, object?> { ["streams"] = match.Streams });
        }
        return match.Review is { } found
            ? TypedResults.Ok(ProposalDetailResponse.For(found, whitespaceIgnored))
            : Problems.NotFound($"There is no proposal '{proposalId}'");
    }
}
