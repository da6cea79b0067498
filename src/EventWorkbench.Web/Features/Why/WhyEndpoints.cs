using EventWorkbench.Why;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Why;

/// <summary><c>GET /api/why/{streamId}/{proposalId}</c>: a proposal's causal chain, read like the other stream reads.</summary>
public static class WhyEndpoints
{
    public static IServiceCollection AddWhy(this IServiceCollection services) => services.AddSingleton<WhyQueries>();

    public static void MapWhyEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/why/{streamId}/{proposalId}", ChainAsync).RequireAuthorization(ApiScopes.Read).RequireRateLimiting(RateLimits.Reads)
            .WithTags("Streams").WithRawRouteValues().WithName("GetCausalChain")
            .WithSummary("Why a proposal's result is what it is: the input, skills, every proposal of the request, edits with their deltas, "
                + "the decision, feedback, path choices, corrections, curation, the people who verified or changed it, and linked events of other streams")
            .ProducesProblem(404);

    private static async Task<Results<Ok<CausalChain>, ProblemHttpResult>> ChainAsync(
        string streamId, string proposalId, WhyQueries queries, CancellationToken cancellationToken) =>
        await queries.ChainAsync(streamId, proposalId, cancellationToken) is { } chain
            ? TypedResults.Ok(chain)
            : Problems.NotFound($"There is no proposal '{proposalId}' in a stream '{streamId}'");
}
