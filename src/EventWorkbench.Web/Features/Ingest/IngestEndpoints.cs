using System.Security.Claims;
using EventWorkbench.Ingest;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Ingest;

public sealed record AppendResponse(string StreamId, long Version, IReadOnlyList<AppendedEvent> Events);

public static class IngestEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static void MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/streams/{streamId}/events", AppendAsync)
            .RequireAuthorization(ApiScopes.Append)
            .RequireRateLimiting(RateLimits.Appends)
            .WithRawRouteValues()
            .WithTags("Ingest")
            .WithName("AppendEvents")
            .WithSummary("Append a batch of events to a stream, atomically")
            .DocumentsJsonBody<AppendRequest>() // not .Accepts: its routing rule answers 415 before the API key is checked
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Created<AppendResponse>, ProblemHttpResult>> AppendAsync(
        string streamId, HttpContext http, ClaimsPrincipal user, EventAppender appender,
        IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await AppendBody.ReadAsync(http, options.Value, cancellationToken);
        if (problem is not null) return problem;

        var idempotencyKeys = http.Request.Headers[IdempotencyKeyHeader];
        if (idempotencyKeys.Count > 1)
            return Problems.InvalidAppend(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["must be sent once"] });
        string? idempotencyKey = idempotencyKeys;
        var context = new AppendContext(user.Identity?.Name ?? "anonymous", "api", idempotencyKey);
        var outcome = await appender.AppendAsync(streamId, request!, context, cancellationToken);

        switch (outcome)
        {
            case AppendOutcome.Appended appended:
                if (appended.Replayed) http.Response.Headers[ReplayedHeader] = "true";
                return TypedResults.Created(
                    $"/api/streams/{Uri.EscapeDataString(appended.StreamId)}/events?fromVersion={appended.Events[0].Version}",
                    new AppendResponse(appended.StreamId, appended.Version, appended.Events));
            case AppendOutcome.Invalid invalid:
                return Problems.InvalidAppend(invalid.Errors);
            case AppendOutcome.VersionConflict conflict:
                return Problems.Create(StatusCodes.Status409Conflict, "The stream is not at the expected version; nothing was written",
                    $"expectedVersion was {conflict.ExpectedVersion} but stream '{streamId}' is at version {conflict.CurrentVersion}",
                    new Dictionary<string, object?> { ["currentVersion"] = conflict.CurrentVersion });
            case AppendOutcome.IdempotencyKeyReused reused:
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused with a different request",
                    $"The Idempotency-Key '{reused.IdempotencyKey}' was already used for another request; nothing was written");
            default:
                throw new InvalidOperationException($"Unexpected append outcome {outcome}");
        }
    }
}
