using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Ingest;

public sealed class EventAppenderTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private static string NewStream() => $"stream-{Guid.NewGuid():N}";

    [Fact]
    public async Task Append_writes_the_batch_with_versions_sequences_and_metadata()
    {
        var stream = NewStream();
        var request = new AppendRequest([Started(), Proposal("p1")], CorrelationId: "corr-1", CausationId: "cause-1");

        var outcome = await fixture.Appender.AppendAsync(stream, request, Api);

        var appended = outcome.ShouldBeOfType<AppendOutcome.Appended>();
        appended.Version.ShouldBe(2);
        appended.Events.Select(e => e.Version).ShouldBe([1L, 2L]);
        appended.Events[1].Sequence.ShouldBeGreaterThan(appended.Events[0].Sequence);

        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream);
        events.Select(e => e.EventTypeName).ShouldBe(["interaction_started", "proposal_generated"]);
        events.ShouldAllBe(e => e.CorrelationId == "corr-1" && e.CausationId == "cause-1" && e.UserName == "test-client");
        events.ShouldAllBe(e => (string)e.GetHeader(EventAppender.SourceHeader)! == "api");
        events[1].Data.ShouldBeOfType<ProposalGenerated>().ContentType.ShouldBe(ContentType.Text);
    }
}
