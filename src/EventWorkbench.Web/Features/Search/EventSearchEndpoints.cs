using EventWorkbench.Search;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Search;

public static class EventSearchEndpoints
{
    public static void MapEventSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", SearchAsync)
            .RequireAuthorization(ApiScopes.Read).RequireRateLimiting(RateLimits.Reads).WithTags("Streams")
            .WithName("SearchEvents")
            .WithSummary("Events across streams, newest first, by type, actor, stream, correlation id, time and text in their data; "
                + "paged with before/after (the sequence numbers the page gives). The workbench's own streams only for a key with the audit or admin scope")
            .ProducesProblem(400)
            .DescribeQuery(EventSearchRequest.Parameters);
    }

    private static async Task<Results<Ok<EventSearchPage>, ProblemHttpResult>> SearchAsync(
        [AsParameters] EventSearchRequest request, HttpContext context, EventSearch search, CancellationToken cancellationToken)
    {
        var isAuditor = context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Audit) || context.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Admin);
        var (filter, errors) = request.ToFilter(includeWorkbenchStreams: isAuditor);
        if (filter is null) return Problems.InvalidQuery(errors);
        return TypedResults.Ok(await search.SearchAsync(filter, cancellationToken));
    }
}
