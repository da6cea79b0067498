using EventWorkbench.Audit;
using EventWorkbench.Tests.Ingest;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Audit;

public sealed class CanonicalEventsTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Fact]
    public async Task Reading_a_stream_twice_gives_the_same_bytes_and_digest_in_sequence_order()
    {
        var stream = $"canonical-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(Started("support"), Proposal("p1", "Grüße, \"quoted\" text.")), Api);
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.AppConnectionString);
        var selection = new CanonicalEvents.Selection(StreamId: stream);

        var first = await CanonicalEvents.ReadAsync(dataSource, selection).ToListAsync();
        var second = await CanonicalEvents.ReadAsync(dataSource, selection).ToListAsync();

        first.Select(r => (r.StreamId, r.Version, r.Type)).ShouldBe([(stream, 1L, "interaction_started"), (stream, 2L, "proposal_generated")]);
        first.Select(r => r.Sequence).ShouldBeInOrder();
        second.Select(r => Convert.ToHexString(r.Bytes)).ShouldBe(first.Select(r => Convert.ToHexString(r.Bytes)));
        System.Text.Encoding.UTF8.GetString(first[1].Bytes).ShouldContain("Grüße");
        DigestOf(first).ShouldBe(DigestOf(second));
        DigestOf(first.Take(1)).ShouldNotBe(DigestOf(first));
    }

    private static string DigestOf(IEnumerable<CanonicalEvents.Row> rows)
    {
        using var digest = new CanonicalEvents.Digest();
        foreach (var row in rows) digest.Add(row);
        return digest.Hex();
    }
}
