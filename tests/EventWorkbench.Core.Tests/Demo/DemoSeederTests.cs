using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using Marten;
using static EventWorkbench.Tests.Demo.DemoExpectations;

namespace EventWorkbench.Tests.Demo;

/// <summary>A fresh database, seeded once with the demo data set through the app's validated append path.</summary>
public sealed class SeededDemoFixture : IAsyncLifetime
{
    public DocumentStore Store { get; private set; } = null!;
    public DemoSeeder Seeder { get; private set; } = null!;
    public long Seeded { get; private set; }
    public List<DemoSeedProgress> Progress { get; } = [];

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(SeededDemoFixture));
        Store = TestStores.For(database);
        Seeder = new DemoSeeder(Store, new EventAppender(Store, new AppendOptions()));
        Seeded = await Seeder.SeedIfEmptyAsync(new SynchronousProgress(Progress.Add));
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }

    private sealed class SynchronousProgress(Action<DemoSeedProgress> report) : IProgress<DemoSeedProgress>
    {
        public void Report(DemoSeedProgress value) => report(value);
    }
}

public sealed class DemoSeederTests(SeededDemoFixture fixture) : IClassFixture<SeededDemoFixture>
{
    private static readonly IReadOnlyList<DemoStream> Streams = DemoDataSet.Build();
    private static readonly IReadOnlyList<TypedEvent> Expected = Events(Streams);

    [Fact]
    public async Task Seeding_writes_every_event_of_the_data_set_with_its_actor_and_source()
    {
        fixture.Seeded.ShouldBe(Expected.Count);
        fixture.Progress[^1].ShouldBe(new DemoSeedProgress(Streams.Count, Streams.Count, Expected.Count));

        await using var session = fixture.Store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(Expected.Count);
        var stream = await session.Events.FetchStreamAsync(Streams[0].StreamId);
        stream.Select(e => e.EventTypeName).ShouldBe(Expected.Where(e => e.StreamId == Streams[0].StreamId).Select(e => e.Type));
        stream.Select(e => e.UserName).ShouldBe(Expected.Where(e => e.StreamId == Streams[0].StreamId).Select(e => e.Actor));
        stream.ShouldAllBe(e => (string)e.GetHeader(EventAppender.SourceHeader)! == "seed" && e.CorrelationId == Streams[0].StreamId);
    }

    [Fact]
    public async Task Interaction_summaries_show_the_outcome_of_every_proposal_and_the_corrected_products()
    {
        await using var session = fixture.Store.QuerySession();
        var summaries = (await session.Query<InteractionSummary>().ToListAsync()).ToDictionary(s => s.Id);
        summaries.Count.ShouldBe(Streams.Count);

        foreach (var group in Expected.GroupBy(e => e.StreamId))
        {
            var summary = summaries[group.Key];
            var outcomes = Outcomes(group);
            summary.EventCount.ShouldBe(group.Count());
            summary.Outcomes.ShouldBe(outcomes, ignoreOrder: true);
            summary.AcceptedUnchanged.ShouldBe(outcomes.Values.Count(o => o == ProposalOutcome.AcceptedUnchanged));
            summary.AcceptedEdited.ShouldBe(outcomes.Values.Count(o => o == ProposalOutcome.AcceptedEdited));
            summary.Rejected.ShouldBe(outcomes.Values.Count(o => o == ProposalOutcome.Rejected));
            summary.Pending.ShouldBe(outcomes.Values.Count(o => o == ProposalOutcome.Pending));
            summary.Corrections.ShouldBe(group.Count(e => e.Data is EventCorrected));
        }

        summaries.Values.Select(s => s.Product).Distinct().Order().ShouldBe(DemoDataSet.Products.Order());
        var all = Outcomes(Expected);
        summaries.Values.Sum(s => s.AcceptedEdited).ShouldBe(all.Values.Count(o => o == ProposalOutcome.AcceptedEdited));
        summaries.Values.Sum(s => s.Pending).ShouldBeGreaterThan(0);
        summaries.Values.Sum(s => s.Rejected).ShouldBeGreaterThan(0);
        summaries.Values.Sum(s => s.AcceptedUnchanged).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_demo_spans_the_weeks_before_seeding_in_append_order_with_minutes_between_a_streams_steps()
    {
        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();

        var times = events.Select(e => e.Timestamp).ToList();
        times.ShouldBe(times.Order().ToList()); // time order is append order
        (times[^1] - times[0]).ShouldBeGreaterThan(DemoDataSet.Period * 0.9);
        times[^1].ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow);

        var first = events.Where(e => e.StreamKey == Streams[0].StreamId).ToList();
        var stepTimes = first.Select(e => e.Timestamp).Distinct().ToList();
        stepTimes.Count.ShouldBe(Streams[0].Steps.Count); // one time per append, shared by its events
        stepTimes.Zip(stepTimes.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap >= TimeSpan.FromSeconds(5) && gap <= TimeSpan.FromMinutes(20));
    }

    [Fact]
    public async Task Seeding_a_store_that_holds_events_writes_nothing()
    {
        (await fixture.Seeder.SeedIfEmptyAsync()).ShouldBe(0);

        await using var session = fixture.Store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(Expected.Count);
    }
}
