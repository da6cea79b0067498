using System.Text.Json;
using EventWorkbench.History;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using EventWorkbench.Tests.Ingest;
using Marten;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.History;

/// <summary>
/// The state at each version is the fold of the events up to it: appended one event at a time, what the inline
/// projections stored after each append is exactly what the history computes for that version later, and the summary
/// equals Marten's own live aggregation at that version.
/// </summary>
public sealed class StateAtEveryVersionTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_state_at_every_version_of_a_generated_stream_is_what_the_projections_stored_then(int seed)
    {
        var stream = $"generated-{seed}-{Guid.NewGuid():N}";
        var events = GeneratedStream.Events(seed, 40);
        var storedAfter = new List<string>();
        foreach (var e in events)
        {
            (await fixture.Appender.AppendAsync(stream, Batch(e), Api)).ShouldBeOfType<AppendOutcome.Appended>();
            storedAfter.Add(await StoredStateAsync(stream, storedAfter.Count + 1));
        }

        var history = new StreamHistory(fixture.Store);
        await using var session = fixture.Store.QuerySession();
        for (var version = 1; version <= events.Count; version++)
        {
            var state = (await history.StateAsync(stream, version)).ShouldNotBeNull();
            Text(state).ShouldBe(storedAfter[version - 1], $"state at version {version}");
            var live = await session.Events.AggregateStreamAsync<InteractionSummary>(stream, version: version);
            Serialize(state.Summary).ShouldBe(Serialize(live), $"Marten's live summary at version {version}");
        }
        (await history.StateAsync(stream, events.Count + 1)).ShouldBeNull();
        (await history.StateAsync(stream, 0)).ShouldBeNull();
    }

    [Fact]
    public async Task A_step_holds_its_event_and_the_states_before_and_after_it()
    {
        var stream = $"step-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(Started("support"), Proposal("p1"),
            Event("proposal_accepted", new { proposalId = "p1", by = "ana" })), Api);
        var history = new StreamHistory(fixture.Store);

        var first = (await history.StepAsync(stream, 1)).ShouldNotBeNull();
        first.Event.Type.ShouldBe("interaction_started");
        first.Before.Summary.ShouldBeNull();
        first.After.Summary.ShouldNotBeNull().Product.ShouldBe("support");

        var third = (await history.StepAsync(stream, 3)).ShouldNotBeNull();
        third.Event.Type.ShouldBe("proposal_accepted");
        third.Before.Proposals.Single().Outcome.ShouldBe(ProposalOutcome.Pending);
        third.After.Proposals.Single().Outcome.ShouldBe(ProposalOutcome.AcceptedUnchanged);
        (await history.StepAsync(stream, 4)).ShouldBeNull();
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_steps_states_are_the_whole_folds_and_its_changes_their_diff(int seed)
    {
        var stream = $"changes-{seed}-{Guid.NewGuid():N}";
        var events = GeneratedStream.Events(seed, 120);
        foreach (var batch in events.Chunk(50)) (await fixture.Appender.AppendAsync(stream, Batch(batch), Api)).ShouldBeOfType<AppendOutcome.Appended>();
        var history = new StreamHistory(fixture.Store);

        for (var version = 1; version <= events.Count; version++)
        {
            var step = (await history.StepAsync(stream, version)).ShouldNotBeNull();
            Text(step.After).ShouldBe(Text((await history.StateAsync(stream, version))!), $"the state after version {version} ({step.Event.Type})");
            Text(step.Before).ShouldBe(version == 1 ? Text(HistoryState.Empty(stream)) : Text((await history.StateAsync(stream, version - 1))!));
            var whole = EventWorkbench.Review.Delta.DeltaEngine.CompareJson(step.Before.ToJson(), step.After.ToJson());
            step.Changes().ShouldBe(whole, $"changes at version {version} ({step.Event.Type})");
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public async Task The_one_pass_timeline_gives_each_events_changes_as_its_step_does(int seed)
    {
        var stream = $"timeline-{seed}-{Guid.NewGuid():N}";
        var events = GeneratedStream.Events(seed, 120);
        foreach (var batch in events.Chunk(50)) (await fixture.Appender.AppendAsync(stream, Batch(batch), Api)).ShouldBeOfType<AppendOutcome.Appended>();
        var history = new StreamHistory(fixture.Store);
        var stored = await StreamEventReader.ReadAsync(fixture.Store, stream, 1, events.Count);

        var timeline = HistoryTimeline.Changes(stream, stored).ToList();

        timeline.Select(step => step.Event.Version).ShouldBe(Enumerable.Range(1, events.Count).Select(v => (long)v));
        foreach (var (e, changes) in timeline)
        {
            var step = (await history.StepAsync(stream, e.Version)).ShouldNotBeNull();
            changes.ShouldBe(step.Changes(), $"changes at version {e.Version} ({step.Event.Type})");
        }
    }

    // The summary and the reviews as the inline projections stored them, in the history's own JSON form.
    private async Task<string> StoredStateAsync(string stream, long version)
    {
        await using var session = fixture.Store.QuerySession();
        var summary = await session.LoadAsync<InteractionSummary>(stream);
        var reviews = await session.Query<ProposalReview>().Where(r => r.StreamId == stream).ToListAsync();
        return Text(new HistoryState(stream, version, summary,
            reviews.Where(r => r.GeneratedVersion > 0).OrderBy(r => r.GeneratedVersion).ToList()));
    }

    private static string Text(HistoryState state) => state.ToJson().GetRawText();

    private static string Serialize(InteractionSummary? summary) => JsonSerializer.Serialize(summary, EventCatalogue.Output);
}
