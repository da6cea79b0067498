using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;

namespace EventWorkbench.Review;

/// <summary>An ML engineer's label for one proposal, as the workbench records it.</summary>
public sealed record CurationRequest(
    string StreamId,
    string ProposalId,
    CurationVerdict Verdict,
    int? Quality = null,
    IReadOnlyList<string>? Tags = null,
    string? Note = null);

/// <summary>
/// Curation is an event too (principle 5): an <c>example_curated</c> appended through the same validated path
/// as the API, with the acting reviewer as actor and the stream version the reviewer saw as expected version,
/// so a label given on a stale view is refused rather than silently overtaking a newer one.
/// </summary>
public sealed class Curation(EventAppender appender)
{
    public const string Source = "ui";

    public Task<AppendOutcome> CurateAsync(
        CurationRequest request, string reviewer, long seenStreamVersion, CancellationToken cancellationToken = default)
    {
        var data = new ExampleCurated(request.ProposalId, reviewer, request.Verdict, request.Quality, request.Tags, request.Note);
        var envelope = new EventEnvelope("example_curated", JsonSerializer.SerializeToElement(data, EventCatalogue.Output));
        var append = new AppendRequest([envelope], ExpectedVersion: seenStreamVersion);
        return appender.AppendAsync(request.StreamId, append, new AppendContext(reviewer, Source), cancellationToken);
    }
}
