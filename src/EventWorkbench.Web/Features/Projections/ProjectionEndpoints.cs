using System.Security.Claims;
using EventWorkbench.Projections;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Projections;

/// <summary>Why a rebuild is cancelled: recorded on the job, shown on the page.</summary>
public sealed record CancelRebuildRequest(string? Reason);

public static class ProjectionEndpoints
{
    public const int MaxReasonLength = 500;

    public static void MapProjectionEndpoints(this IEndpointRouteBuilder app)
    {
        var projections = app.MapGroup("/api/projections").RequireAuthorization(ApiScopes.Admin).WithTags("Projections").WithRawRouteValues();
        projections.MapGet("", ListAsync).RequireRateLimiting(RateLimits.Reads).WithName("ListProjections")
            .WithSummary("Every registered projection: lifecycle, document types and count, position, high-water mark, lag and its recent trend, state, and its rebuild's progress");
        projections.MapGet("/{name}", GetAsync).RequireRateLimiting(RateLimits.Reads).WithName("GetProjection")
            .WithSummary("One projection's figures and its rebuild's progress (done of total, rate, time left)").ProducesProblem(404);
        projections.MapGet("/rebuilds", HistoryAsync).RequireRateLimiting(RateLimits.Reads).WithName("ListRebuilds")
            .WithSummary("Finished rebuilds, newest first (the projection_rebuilt events of workbench-projections)");
        projections.MapPost("/{name}/rebuild", RebuildAsync).RequireRateLimiting(RateLimits.Reads).WithName("RebuildProjection")
            .WithSummary("Start rebuilding the projection from the first event while the app keeps serving (202 with its progress; 409 when it is already rebuilding)")
            .ProducesProblem(404).ProducesProblem(409);
        projections.MapPost("/{name}/rebuild/cancel", CancelAsync).RequireRateLimiting(RateLimits.Reads).WithName("CancelRebuild")
            .WithSummary("Cancel the running rebuild, giving a reason ({\"reason\": \"...\"}); it stops after the batch in hand and can be resumed; 409 when none runs, or it has replayed every event and is finishing")
            .DocumentsJsonBody<CancelRebuildRequest>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(415);
        projections.MapPost("/{name}/rebuild/resume", ResumeAsync).RequireRateLimiting(RateLimits.Reads).WithName("ResumeRebuild")
            .WithSummary("Continue a cancelled or failed rebuild from the position it stopped at, or from the first event when it stopped before changing anything (409 when there is none, or it is running)")
            .ProducesProblem(404).ProducesProblem(409);
    }

    private static async Task<Ok<IReadOnlyList<ProjectionFigures>>> ListAsync(ProjectionCatalogue catalogue, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalogue.ListAsync(cancellationToken));

    private static async Task<Results<Ok<ProjectionFigures>, ProblemHttpResult>> GetAsync(string name, ProjectionCatalogue catalogue, CancellationToken cancellationToken)
    {
        var all = await catalogue.ListAsync(cancellationToken);
        return all.FirstOrDefault(p => p.Name == name) is { } found ? TypedResults.Ok(found) : Unknown(name, all.Select(p => p.Name));
    }

    private static async Task<Ok<IReadOnlyList<RebuildRecord>>> HistoryAsync(RebuildLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.ListAsync(cancellationToken: cancellationToken));

    private static async Task<Results<Accepted<RebuildProgress>, ProblemHttpResult>> RebuildAsync(
        string name, ClaimsPrincipal user, ProjectionRebuilds rebuilds, CancellationToken cancellationToken) =>
        Answer(name, await rebuilds.StartAsync(name, Actor(user), cancellationToken));

    private static async Task<Results<Accepted<RebuildProgress>, ProblemHttpResult>> ResumeAsync(
        string name, ClaimsPrincipal user, ProjectionRebuilds rebuilds, CancellationToken cancellationToken) =>
        Answer(name, await rebuilds.ResumeAsync(name, Actor(user), cancellationToken));

    private static async Task<Results<Accepted<RebuildProgress>, ProblemHttpResult>> CancelAsync(
        string name, HttpRequest http, ClaimsPrincipal user, ProjectionRebuilds rebuilds, Marten.IDocumentStore store, CancellationToken cancellationToken)
    {
        // An unknown projection is 404 whatever the body says, as on the other routes; the body is read for a known one.
        if (RegisteredProjections.Find(store, name) is null) return Unknown(name, RegisteredProjections.Names(store));
        var (body, problem) = await JsonBody.ReadAsync<CancelRebuildRequest>(http, "The request is not valid; nothing was cancelled", "; nothing was cancelled", cancellationToken);
        if (problem is not null) return problem;
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "The request is not valid; nothing was cancelled",
                $"reason: say why the rebuild is cancelled (1 to {MaxReasonLength} characters)",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["reason"] = [$"must be 1 to {MaxReasonLength} characters"] } });
        }
        return await rebuilds.CancelAsync(name, Actor(user), reason, cancellationToken) switch
        {
            RebuildCancel.Requested requested => TypedResults.Accepted(Location(name), requested.Progress),
            RebuildCancel.UnknownProjection unknown => Unknown(name, unknown.Known),
            RebuildCancel.Finishing => Problems.Create(StatusCodes.Status409Conflict, "Finishing",
                $"The rebuild of {name} has replayed every event and is finishing; it can no longer be cancelled, and nothing was cancelled"),
            _ => Problems.Create(StatusCodes.Status409Conflict, "Not rebuilding", $"No rebuild of {name} is running; nothing was cancelled"),
        };
    }

    private static Results<Accepted<RebuildProgress>, ProblemHttpResult> Answer(string name, RebuildStart start) => start switch
    {
        RebuildStart.Started started => TypedResults.Accepted(Location(name), started.Progress),
        RebuildStart.UnknownProjection unknown => Unknown(name, unknown.Known),
        RebuildStart.AlreadyRunning running => Problems.Create(StatusCodes.Status409Conflict, "Already rebuilding",
            running.Progress is { } progress
                ? $"{name} is already rebuilding (started by {progress.By} on {progress.Node}: {progress.Done:N0} of {progress.Total:N0})"
                : $"{name} is already rebuilding"),
        RebuildStart.Busy busy => Problems.Create(StatusCodes.Status409Conflict, "Busy", busy.Reason),
        RebuildStart.NothingToResume nothing => Problems.Create(StatusCodes.Status409Conflict, "Nothing to resume", nothing.Reason),
        _ => throw new InvalidOperationException(start.ToString()),
    };

    private static string Location(string name) => $"/api/projections/{Uri.EscapeDataString(name)}";

    private static ProblemHttpResult Unknown(string name, IEnumerable<string> known) =>
        Problems.NotFound($"There is no projection named '{name}'; the projections are {string.Join(", ", known)}");

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
