using EventWorkbench.Streams;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Streams;

public sealed record StreamEventsResponse(string StreamId, long Version, IReadOnlyList<StoredEvent> Events);

public static class StreamEndpoints
{
    public static void MapStreamEndpoints(this IEndpointRouteBuilder app)
    {
        var streams = app.MapGroup("/api/streams").RequireAuthorization(ApiScopes.Read).WithTags("Streams").WithRawRouteValues();
        streams.MapGet("", ListAsync).WithName("ListStreams").WithSummary("Streams, newest activity first; filter by product and text");
        streams.MapGet("/{streamId}", GetAsync).WithName("GetStream").WithSummary("One stream's summary").ProducesProblem(404);
        streams.MapGet("/{streamId}/events", EventsAsync).WithName("GetStreamEvents")
            .WithSummary("A stream's events in order, optionally between two versions").ProducesProblem(404).ProducesProblem(400);
    }

    private static async Task<Results<Ok<StreamListPage>, ProblemHttpResult>> ListAsync(
        StreamQueries queries, string? product, string? text, int? page, int? pageSize, StreamSort? sort, bool? descending,
        CancellationToken cancellationToken)
    {
        if (page is < 1) return Problems.BadRequest("page must be 1 or more");
        if (pageSize is < 1 or > StreamFilter.MaxPageSize) return Problems.BadRequest($"pageSize must be between 1 and {StreamFilter.MaxPageSize}");
        var filter = new StreamFilter(product, text, page ?? 1, pageSize ?? 25, sort ?? StreamSort.LastEventAt, descending ?? true);
        return TypedResults.Ok(await queries.ListAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<InteractionSummary>, ProblemHttpResult>> GetAsync(
        string streamId, StreamQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(streamId, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : Problems.NotFound($"There is no stream '{streamId}'");

    private static async Task<Results<Ok<StreamEventsResponse>, ProblemHttpResult>> EventsAsync(
        string streamId, long? fromVersion, long? toVersion, StreamQueries queries, CancellationToken cancellationToken)
    {
        if (fromVersion is < 0 || toVersion is < 0) return Problems.BadRequest("fromVersion and toVersion must not be negative");
        if (fromVersion > toVersion) return Problems.BadRequest("fromVersion must not be after toVersion");
        var events = await queries.EventsAsync(streamId, fromVersion ?? 0, toVersion ?? 0, cancellationToken);
        if (events.Count == 0 && await queries.GetAsync(streamId, cancellationToken) is null)
            return Problems.NotFound($"There is no stream '{streamId}'");
        return TypedResults.Ok(new StreamEventsResponse(streamId, events.Count == 0 ? 0 : events[^1].Version, events));
    }
}
