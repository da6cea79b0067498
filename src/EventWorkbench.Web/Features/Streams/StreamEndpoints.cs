using EventWorkbench.Streams;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Streams;

public sealed record StreamEventsResponse(string StreamId, long Version, IReadOnlyList<StoredEvent> Events);

public static class StreamEndpoints
{
    public static void MapStreamEndpoints(this IEndpointRouteBuilder app)
    {
        var streams = app.MapGroup("/api/streams").RequireAuthorization(ApiScopes.Read).RequireRateLimiting(RateLimits.Reads).WithTags("Streams").WithRawRouteValues();
        streams.MapGet("", ListAsync).WithName("ListStreams").WithSummary("Streams, newest activity first; filter by product and text")
            .ProducesProblem(400).DescribeQuery(StreamListRequest.Parameters);
        streams.MapGet("/{streamId}", GetAsync).WithName("GetStream").WithSummary("One stream's summary").ProducesProblem(404);
        streams.MapGet("/{streamId}/events", EventsAsync).WithName("GetStreamEvents")
            .WithSummary("A stream's events in order, optionally between two versions").ProducesProblem(404).ProducesProblem(400)
            .DescribeQuery(QueryParameter.WholeNumber("fromVersion"), QueryParameter.WholeNumber("toVersion"));
        streams.MapStreamState();
    }

    private static async Task<Results<Ok<StreamListPage>, ProblemHttpResult>> ListAsync(
        [AsParameters] StreamListRequest request, StreamQueries queries, CancellationToken cancellationToken)
    {
        var (filter, errors) = request.ToFilter();
        if (filter is null) return Problems.InvalidQuery(errors);
        return TypedResults.Ok(await queries.ListAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<InteractionSummary>, ProblemHttpResult>> GetAsync(
        string streamId, StreamQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(streamId, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : Problems.NotFound($"There is no stream '{streamId}'");

    private static async Task<Results<Ok<StreamEventsResponse>, ProblemHttpResult>> EventsAsync(
        string streamId, string? fromVersion, string? toVersion, StreamQueries queries, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var from = QueryText.Number<long>("fromVersion", fromVersion, errors);
        var to = QueryText.Number<long>("toVersion", toVersion, errors);
        if (from is < 0) errors.Add("fromVersion", "fromVersion must not be negative");
        if (to is < 0) errors.Add("toVersion", "toVersion must not be negative");
        if (from > to) errors.Add("fromVersion", "fromVersion must not be after toVersion");
        if (errors.Count > 0) return Problems.InvalidQuery(errors);

        var events = await queries.EventsAsync(streamId, from ?? 0, to ?? 0, cancellationToken);
        if (events.Count == 0 && await queries.GetAsync(streamId, cancellationToken) is null)
            return Problems.NotFound($"There is no stream '{streamId}'");
        return TypedResults.Ok(new StreamEventsResponse(streamId, events.Count == 0 ? 0 : events[^1].Version, events));
    }
}
