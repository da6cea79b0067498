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
/// Curation is an event too, as everything the workbench records: an <c>example_curated</c> appended through the same validated path as the
/// API, with the acting reviewer as actor. Optimistic concurrency is per proposal: the label carries the proposal
/// version the reviewer saw (<see cref="ProposalReview.LastVersion"/>, the stream version of the last event about
/// this proposal), and is refused when anything about the proposal was appended since. Events about the stream's
/// other proposals do not make the view stale: the label is appended at the stream's current version, and checked
/// again if another writer slips in between.
/// </summary>
public sealed class Curation(EventAppender appender, ProposalQueries proposals)
{
    public const string Source = "ui";
    private const int MaxAttempts = 5;

    public async Task<AppendOutcome> CurateAsync(
        CurationRequest request, string reviewer, long seenProposalVersion, CancellationToken cancellationToken = default)
    {
        var data = new ExampleCurated(request.ProposalId, reviewer, request.Verdict, request.Quality, request.Tags, request.Note);
        var envelope = new EventEnvelope("example_curated", JsonSerializer.SerializeToElement(data, EventCatalogue.Output));
        var context = new AppendContext(reviewer, Source);
        for (var attempt = 1; ; attempt++)
        {
            // The stream version first: an event about the proposal after this read either shows in the review
            // below or moves the stream past the expected version, so it can never be overtaken unseen.
            var streamVersion = await appender.CurrentVersionAsync(request.StreamId, cancellationToken);
            var review = await proposals.GetAsync(request.StreamId, request.ProposalId, cancellationToken);
            if (review is null)
            {
                return new AppendOutcome.Invalid(new Dictionary<string, string[]>
                {
                    ["proposalId"] = [$"stream '{request.StreamId}' has no proposal '{request.ProposalId}'"],
                });
            }
            if (review.LastVersion != seenProposalVersion) return new AppendOutcome.VersionConflict(seenProposalVersion, review.LastVersion);

            var outcome = await appender.AppendAsync(request.StreamId, new AppendRequest([envelope], ExpectedVersion: streamVersion), context, cancellationToken);
            if (outcome is not AppendOutcome.VersionConflict || attempt == MaxAttempts) return outcome;
        }
    }
}
