using System.Security.Claims;
using EventWorkbench.Erasure;
using EventWorkbench.Projections;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace EventWorkbench.Web.Features.Projections;

/// <summary>What a promotion or a discard came to, in words, with the summary of the shadow it concerned.</summary>
public sealed record ShadowOutcomeResponse(string Message, ShadowSummary Summary);

public static class ShadowEndpoints
{
    public const int MaxPageSize = 100;

    public static IServiceCollection AddShadowRebuilds(this IServiceCollection services) => services
        .AddSingleton(sp => new ShadowBuilder(
            sp.GetRequiredService<NpgsqlDataSource>(), SubjectKeyring.Of(sp.GetRequiredService<IDocumentStore>()), sp.GetRequiredService<ILoggerFactory>()))
        .AddSingleton<ShadowBuildJobs>()
        .AddSingleton(sp => new ShadowPromoter(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<NpgsqlDataSource>()));

    public static void MapShadowEndpoints(this IEndpointRouteBuilder app)
    {
        var shadow = app.MapGroup("/api/projections/{name}/shadow").RequireAuthorization(ApiScopes.Admin)
            .RequireRateLimiting(RateLimits.Reads).WithTags("Projections").WithRawRouteValues();
        shadow.MapPost("", StartAsync).WithName("StartShadowRebuild")
            .WithSummary("Rebuild the projection into a side copy with this build's code while the live one keeps serving (202; follow it with GET)")
            .ProducesProblem(404).ProducesProblem(409);
        shadow.MapGet("", StatusAsync).WithName("GetShadowRebuild")
            .WithSummary("Where the projection's shadow stands: none, building (with progress), failed (why) or built (the summary of what a promotion would change)")
            .ProducesProblem(404);
        shadow.MapGet("/changes", ChangesAsync).WithName("ListShadowChanges")
            .WithSummary("The documents a promotion would add, remove or change, in id order, each with its field differences and the events that explain it")
            .ProducesProblem(400).ProducesProblem(404)
            .DescribeQuery(QueryParameter.WholeNumber("page"), QueryParameter.WholeNumber("pageSize"));
        shadow.MapPost("/promote", PromoteAsync).WithName("PromoteShadowRebuild")
            .WithSummary("Replace the live documents by the shadow's in one transaction and record projection_rebuilt; 409 when events arrived after the shadow's position (build it again), there is no shadow, or a shadow build or a rebuild of the projection runs")
            .ProducesProblem(404).ProducesProblem(409);
        shadow.MapPost("/discard", DiscardAsync).WithName("DiscardShadowRebuild")
            .WithSummary("Drop the shadow's documents and record projection_shadow_discarded; the live documents stay as they are; 409 while a shadow build runs")
            .ProducesProblem(404).ProducesProblem(409);
        shadow.MapDelete("", DiscardAsync).WithName("DeleteShadowRebuild")
            .WithSummary("The same as POST .../shadow/discard").ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<Results<Accepted<ShadowStatus>, ProblemHttpResult>> StartAsync(
        string name, ClaimsPrincipal user, IDocumentStore store, ShadowBuildJobs jobs, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (ShadowedProjection.Find(store, name) is not { } projection) return UnknownProjection(name);
        if (await jobs.TryStartAsync(projection, ActorOf(user), cancellationToken) is null) return await BuildRunningAsync(name, dataSource, cancellationToken);
        return TypedResults.Accepted($"/api/projections/{Uri.EscapeDataString(name)}/shadow", await jobs.StatusAsync(projection, cancellationToken));
    }

    private static async Task<Results<Ok<ShadowStatus>, ProblemHttpResult>> StatusAsync(
        string name, IDocumentStore store, ShadowBuildJobs jobs, CancellationToken cancellationToken)
    {
        if (ShadowedProjection.Find(store, name) is not { } projection) return UnknownProjection(name);
        return TypedResults.Ok(await jobs.StatusAsync(projection, cancellationToken));
    }

    private static async Task<Results<Ok<ShadowChangesPage>, ProblemHttpResult>> ChangesAsync(
        string name, string? page, string? pageSize, IDocumentStore store, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (ShadowedProjection.Find(store, name) is not { } projection) return UnknownProjection(name);
        var errors = new QueryErrors();
        var pageNumber = QueryText.Number<int>("page", page, errors) ?? 1;
        var size = QueryText.Number<int>("pageSize", pageSize, errors) ?? 20;
        if (pageNumber < 1) errors.Add("page", "page must be 1 or more");
        if (size is < 1 or > MaxPageSize) errors.Add("pageSize", $"pageSize must be between 1 and {MaxPageSize}");
        if (errors.Count > 0) return Problems.InvalidQuery(errors);
        return await ShadowBuilds.PageAsync(dataSource, projection, pageNumber, size, cancellationToken) is { } changes
            ? TypedResults.Ok(changes)
            : Problems.NotFound($"{name} has no shadow: start one with POST /api/projections/{name}/shadow");
    }

    private static Task<Results<Ok<ShadowOutcomeResponse>, ProblemHttpResult>> PromoteAsync(
        string name, ClaimsPrincipal user, IDocumentStore store, ShadowPromoter promoter, CancellationToken cancellationToken) =>
        DecideAsync(name, store, "Not promoted", projection => promoter.PromoteAsync(projection, ActorOf(user), cancellationToken));

    private static Task<Results<Ok<ShadowOutcomeResponse>, ProblemHttpResult>> DiscardAsync(
        string name, ClaimsPrincipal user, IDocumentStore store, ShadowPromoter promoter, CancellationToken cancellationToken) =>
        DecideAsync(name, store, "Not discarded", projection => promoter.DiscardAsync(projection, ActorOf(user), RunningShadowBuild.Refuse, cancellationToken));

    private static async Task<Results<Ok<ShadowOutcomeResponse>, ProblemHttpResult>> DecideAsync(
        string name, IDocumentStore store, string refusal, Func<ShadowedProjection, Task<ShadowOutcome>> decide)
    {
        if (ShadowedProjection.Find(store, name) is not { } projection) return UnknownProjection(name);
        return await decide(projection) switch
        {
            ShadowOutcome.Done done => TypedResults.Ok(new ShadowOutcomeResponse(done.Message, done.Summary)),
            ShadowOutcome.Building building => Problems.Create(StatusCodes.Status409Conflict, "Shadow build running", building.Message),
            var other => Problems.Create(StatusCodes.Status409Conflict, refusal, other.Message),
        };
    }

    private static ProblemHttpResult UnknownProjection(string name) => Problems.NotFound($"There is no projection '{name}'");

    private static async Task<ProblemHttpResult> BuildRunningAsync(string name, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        Problems.Create(StatusCodes.Status409Conflict, "Shadow build running",
            (await ShadowBuildClaims.FindAsync(dataSource, name, cancellationToken))?.Describe() ?? $"A shadow build of {name} is running; wait for it to finish.");

    private static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
