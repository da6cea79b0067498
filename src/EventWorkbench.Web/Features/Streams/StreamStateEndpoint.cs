using System.Globalization;
using EventWorkbench.History;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>A stream's state at one version: the interaction's summary and each proposal's review as they stood then.</summary>
public sealed record StreamStateResponse(
    string StreamId,
    long Version,
    long LastVersion,
    DateTimeOffset At,
    string EventType,
    InteractionSummary? Summary,
    IReadOnlyList<ProposalReview> Proposals);

/// <summary><c>GET /api/streams/{id}/state?version=N</c> or <c>?at=</c>: time travel over the API.</summary>
public static class StreamStateEndpoint
{
    public static void MapStreamState(this RouteGroupBuilder streams) =>
        streams.MapGet("/{streamId}/state", StateAsync).WithName("GetStreamState")
            .WithSummary("A stream's state (summary and proposal reviews) at a version or a time; the latest when neither is given")
            .ProducesProblem(404).ProducesProblem(400)
            .DescribeQuery(QueryParameter.WholeNumber("version"), QueryParameter.Instant("at"));

    private static async Task<Results<Ok<StreamStateResponse>, ProblemHttpResult>> StateAsync(
        string streamId, string? version, string? at, StreamHistory history, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var wanted = QueryText.Number<long>("version", version, errors);
        var instant = QueryText.Instant("at", at, errors);
        if (wanted is < 1) errors.Add("version", $"version {wanted} is not a version: versions start at 1");
        if (wanted is not null && instant is not null) errors.Add("at", "at cannot be given with version: give one of them");
        if (errors.Count > 0) return Problems.InvalidQuery(errors);

        if (await history.ExtentAsync(streamId, cancellationToken) is not { } extent) return Problems.NotFound($"There is no stream '{streamId}'");
        var target = await TargetAsync(streamId, wanted, instant, extent, history, errors, cancellationToken);
        if (errors.Count > 0) return Problems.InvalidQuery(errors);

        var state = await history.StateAsync(streamId, target, cancellationToken);
        if (state?.Event is null) return Problems.NotFound($"There is no stream '{streamId}'");
        return TypedResults.Ok(new StreamStateResponse(
            streamId, state.Version, Math.Max(extent.LastVersion, state.Version), state.Event.Timestamp, state.Event.Type, state.Summary, state.Proposals));
    }

    /// <summary>The version asked for, checked against the stream's extent; errors name the parameter that is beyond it.</summary>
    private static async Task<long> TargetAsync(
        string streamId, long? version, DateTimeOffset? at, StreamExtent extent, StreamHistory history, QueryErrors errors, CancellationToken cancellationToken)
    {
        if (version is { } number)
        {
            if (number > extent.LastVersion) errors.Add("version", $"version {number} is beyond the stream: its last version is {extent.LastVersion}");
            return number;
        }
        if (at is not { } instant) return extent.LastVersion;
        if (instant < extent.FirstAt)
            errors.Add("at", $"at {Iso(instant)} is before the stream's first event ({Iso(extent.FirstAt)})");
        else if (instant > extent.LastAt)
            errors.Add("at", $"at {Iso(instant)} is beyond the stream: its last event was appended at {Iso(extent.LastAt)}");
        return errors.Count > 0 ? 0 : await history.VersionAtAsync(streamId, instant, cancellationToken);
    }

    private static string Iso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
