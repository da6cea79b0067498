using System.Text.Json;
using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using Marten;

namespace EventWorkbench.Tests.Demo;

public sealed class SyntheticSeederTests
{
    [Fact]
    public void Synthetic_streams_are_deterministic_valid_and_about_ten_events_long()
    {
        var streams = SyntheticStreams.ForEvents(1, 5_000).ToList();
        var again = SyntheticStreams.ForEvents(1, 5_000).ToList();

        streams.Sum(s => s.Events.Count).ShouldBe(5_000);
        streams.Average(s => s.Events.Count).ShouldBeInRange(8, 12);
        JsonSerializer.Serialize(again.SelectMany(s => s.Events).Select(e => new { e.Id, e.Actor, e.Timestamp, Data = (object)e.Data }), EventCatalogue.Output)
            .ShouldBe(JsonSerializer.Serialize(streams.SelectMany(s => s.Events).Select(e => new { e.Id, e.Actor, e.Timestamp, Data = (object)e.Data }), EventCatalogue.Output));
        streams.SelectMany(s => s.Events).Select(e => e.Id).ShouldBeUnique();

        var errors = new ValidationErrors();
        foreach (var e in streams.SelectMany(s => s.Events))
            EventCatalogue.Read(EventCatalogue.WireName(e.Data.GetType()), JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), EventCatalogue.Output), errors, e.Id.ToString());
        errors.IsEmpty.ShouldBeTrue(errors.ToString());
        streams.SelectMany(s => s.Events).Select(e => EventCatalogue.WireName(e.Data.GetType())).Distinct().Count().ShouldBeGreaterThanOrEqualTo(9);
    }

    [Fact]
    public async Task Bulk_seeding_writes_the_events_and_the_rebuild_brings_the_summaries_up_to_date()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(SyntheticSeederTests));
        using var store = TestStores.For(database);
        var seeder = new SyntheticSeeder(store) { EventsPerTransaction = 1_000 };
        var reported = new List<long>();

        var first = await seeder.WriteAsync(3_000, new SynchronousProgress<long>(reported.Add));
        var second = await seeder.WriteAsync(2_000);
        var rebuilt = new List<(long Sequence, long HighWater)>();
        await seeder.RebuildSummariesAsync(new SynchronousProgress<(long, long)>(rebuilt.Add));

        first.Events.ShouldBe(3_000);
        reported.Max().ShouldBe(3_000);
        second.FirstStreamNumber.ShouldBe(first.Streams + 1);
        rebuilt[^1].Sequence.ShouldBe(5_000);

        await using var session = store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(5_000);
        var summaries = await session.Query<InteractionSummary>().ToListAsync();
        summaries.Count.ShouldBe((int)(first.Streams + second.Streams));
        summaries.Sum(s => s.EventCount).ShouldBe(5_000);

        var expected = SyntheticStreams.Create(7);
        var summary = summaries.Single(s => s.Id == expected.StreamId);
        summary.Product.ShouldBe(((InteractionStarted)expected.Events[0].Data).Product);
        summary.StartedAt.ShouldBe(expected.Events[0].Timestamp);
        summary.Proposals.ShouldBe(expected.Events.Count(e => e.Data is ProposalGenerated));
        summaries.Sum(s => s.AcceptedEdited).ShouldBeGreaterThan(0);
        summaries.Sum(s => s.Rejected).ShouldBeGreaterThan(0);
        var reviews = await session.Query<EventWorkbench.Review.ProposalReview>().CountAsync();
        reviews.ShouldBe(summaries.Sum(s => s.Proposals), "the rebuild also brings the proposal reviews up to date");

        var stored = await session.Events.FetchStreamAsync(expected.StreamId);
        stored.Select(e => e.Id).ShouldBe(expected.Events.Select(e => e.Id));
        stored.ShouldAllBe(e => (string)e.GetHeader(EventAppender.SourceHeader)! == "seed" && e.CorrelationId == expected.StreamId);
        stored[0].UserName.ShouldBe(expected.Events[0].Actor);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
