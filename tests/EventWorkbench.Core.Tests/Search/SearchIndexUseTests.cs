using EventWorkbench.Review;
using PersonalText = EventWorkbench.Erasure.PersonalText;
using EventWorkbench.Search;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using Marten;
using Npgsql;

namespace EventWorkbench.Tests.Search;

/// <summary>
/// The text searches can use their trigram indexes: with plain scans priced out, PostgreSQL plans a bitmap scan of the
/// index, which it can only do when the query's expression is the indexed one. (On a table this small it would
/// otherwise rightly read the rows; the benchmark shows the plans at a million events.)
/// </summary>
public sealed class SearchIndexUseTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Fact]
    public async Task Event_text_search_uses_the_trigram_indexes()
    {
        await using var connection = await OpenAsync();
        await using var command = EventSearch.Command(connection, new EventSearchFilter { Text = "refund" }, "e.seq_id", 25, newestFirst: true);
        var plan = await ExplainAsync(connection, command);
        plan.ShouldContain($"Bitmap Index Scan on {EventSearchIndexes.EventTextIndex}");
        plan.ShouldContain($"Bitmap Index Scan on {PersonalText.TextIndex}"); // the text of events with sealed fields
    }

    [Fact]
    public async Task The_review_queues_text_search_uses_the_trigram_index()
    {
        await using var session = fixture.Store.QuerySession();
        var query = session.Query<ProposalReview>();
        IQueryable<ProposalReview> filtered = query;
        foreach (var predicate in new ProposalFilter { Text = "refund" }.Predicates()) filtered = filtered.Where(predicate);
        await using var command = filtered.ToCommand();
        await using var connection = await OpenAsync();
        command.Connection = connection;

        (await ExplainAsync(connection, command)).ShouldContain($"Bitmap Index Scan on {EventSearchIndexes.ProposalAiContentIndex}");
    }

    [Fact]
    public async Task The_stream_lists_text_search_uses_the_trigram_indexes()
    {
        await using var session = fixture.Store.QuerySession();
        await using var command = StreamQueries.Filtered(session.Query<InteractionSummary>(), new StreamFilter(Text: "refund")).ToCommand();
        await using var connection = await OpenAsync();
        command.Connection = connection;

        var plan = await ExplainAsync(connection, command);
        plan.ShouldContain($"Bitmap Index Scan on {EventSearchIndexes.StreamTextIndexes[0]}");
        plan.ShouldContain($"Bitmap Index Scan on {EventSearchIndexes.StreamTextIndexes[1]}");
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(fixture.Database.AppConnectionString);
        await connection.OpenAsync();
        await using var settings = new NpgsqlCommand("SET enable_seqscan = off; SET enable_indexscan = off", connection);
        await settings.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, NpgsqlCommand command)
    {
        command.CommandText = "EXPLAIN " + command.CommandText;
        command.Connection = connection;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
