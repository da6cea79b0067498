using EventWorkbench.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Ingest;

public sealed class ConcurrentWritersTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private const int Writers = 20;
    private const int Rounds = 5;

    [Fact]
    public async Task Twenty_writers_on_one_stream_get_exactly_one_winner_per_version()
    {
        var stream = $"race-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(0, Started()), Api);
        var winners = new List<int>();

        for (var round = 0; round < Rounds; round++)
        {
            var expected = 1L + round;
            using var start = new Barrier(Writers);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                start.SignalAndWait();
                var proposal = Proposal($"round{round}-writer{writer}");
                return (writer, outcome: await fixture.Appender.AppendAsync(stream, Batch(expected, proposal), Api));
            })));

            var won = outcomes.Where(o => o.outcome is AppendOutcome.Appended).ToList();
            won.Count.ShouldBe(1, $"round {round}: exactly one writer may win version {expected + 1}");
            won[0].outcome.ShouldBeOfType<AppendOutcome.Appended>().Version.ShouldBe(expected + 1);
            outcomes.Where(o => o.outcome is not AppendOutcome.Appended)
                .ShouldAllBe(o => o.outcome is AppendOutcome.VersionConflict);
            winners.Add(won[0].writer);
        }

        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream);
        events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, Rounds + 1).Select(v => (long)v));
        events.Select(e => e.Id).ShouldBeUnique();
        var stored = events.Skip(1).Select(e => ((EventWorkbench.Streams.ProposalGenerated)e.Data).ProposalId).ToList();
        stored.ShouldBe(winners.Select((writer, round) => $"round{round}-writer{writer}"));
    }

    [Fact]
    public async Task Writers_without_an_expected_version_all_land_in_order_without_gaps()
    {
        var stream = $"any-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(Started()), Api);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer =>
            Task.Run(() => fixture.Appender.AppendAsync(stream, Batch(Proposal($"w{writer}")), Api))));

        outcomes.ShouldAllBe(o => o is AppendOutcome.Appended);
        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream);
        events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, Writers + 1).Select(v => (long)v));
    }
}
