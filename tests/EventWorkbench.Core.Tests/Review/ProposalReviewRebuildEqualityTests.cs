using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Tests.Ingest;
using Marten;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Review;

/// <summary>
/// The review projection is a function of the events alone: the documents the inline projection stored equal, field
/// for field as PostgreSQL stores them (lastEventAt included), the documents a daemon rebuild makes.
/// </summary>
public sealed class ProposalReviewRebuildEqualityTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Fact]
    public async Task A_rebuild_stores_every_review_field_as_the_inline_projection_did_lastEventAt_included()
    {
        // As an AI product writes: the first batch starts and generates p0; batch k generates pk and edits and accepts
        // p(k-1). The last proposal's only event is its generation.
        var stream = $"rebuild-equal-{Guid.NewGuid():N}";
        long version = 0;
        for (var batch = 0; batch < 4; batch++)
        {
            var request = batch == 0
                ? Batch(0, Started(), Proposal("p0"))
                : Batch(version, Proposal($"p{batch}"),
                    Event("proposal_edited", new { proposalId = $"p{batch - 1}", editor = "ana", content = $"Tomorrow ({batch})." }),
                    Event("proposal_accepted", new { proposalId = $"p{batch - 1}", by = "ana" }));
            var outcome = await fixture.Appender.AppendAsync(stream, request, Api);
            version = outcome.ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>().Version;
            await Task.Delay(20); // distinct timestamps per batch
        }
        var inline = await StoredReviewsAsync(stream);

        await Task.Delay(50); // a rebuild at another time must not change a timestamp
        using (var daemon = await fixture.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);

        inline.Count.ShouldBe(4);
        inline.ShouldAllBe(document => document.Contains("\"lastEventAt\"", StringComparison.Ordinal));
        (await StoredReviewsAsync(stream)).ShouldBe(inline);
    }

    /// <summary>Every review of the stream as PostgreSQL stores it (id and jsonb text), ordered by id.</summary>
    private async Task<List<string>> StoredReviewsAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select id || ' ' || data::text from {EventStoreConfiguration.Schema}.mt_doc_proposalreview where stream_id = @stream order by id",
            connection);
        command.Parameters.AddWithValue("stream", stream);
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new List<string>();
        while (await reader.ReadAsync()) documents.Add(reader.GetString(0));
        return documents;
    }
}
