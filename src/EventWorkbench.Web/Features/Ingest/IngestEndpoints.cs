using System.Security.Claims;
using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Ingest;

public sealed class IngestOptions
{
    /// <summary><c>Api:MaxBodyBytes</c>: larger append bodies get 413 and nothing is read further.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;
}

public sealed record AppendResponse(string StreamId, long Version, IReadOnlyList<AppendedEvent> Events);

public static class IngestEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static void MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/streams/{streamId}/events", AppendAsync)
            .RequireAuthorization(ApiScopes.Append)
            .WithRawRouteValues()
            .WithTags("Ingest")
            .WithName("AppendEvents")
            .WithSummary("Append a batch of events to a stream, atomically")
            .Accepts<AppendRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Created<AppendResponse>, ProblemHttpResult>> AppendAsync(
        string streamId, HttpContext http, ClaimsPrincipal user, EventAppender appender,
        IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature) sizeFeature.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit) return TooLarge(limit);
        if (!http.Request.HasJsonContentType()) return Problems.BadAppend("The body must be JSON (Content-Type: application/json)");

        AppendRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<AppendRequest>(http.Request.Body, EventCatalogue.Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problems.BadAppend($"The body is not a valid append request: {ex.Message}");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        if (request is null) return Problems.BadAppend("The body must be a JSON object with an 'events' array");

        string? idempotencyKey = http.Request.Headers[IdempotencyKeyHeader];
        var context = new AppendContext(user.Identity?.Name ?? "anonymous", "api", idempotencyKey);
        var outcome = await appender.AppendAsync(streamId, request, context, cancellationToken);

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

    private static ProblemHttpResult TooLarge(long limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "The body is too large; nothing was written",
            $"Append bodies may be at most {limit:N0} bytes (Api:MaxBodyBytes); split the batch");
}
