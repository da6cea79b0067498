using System.Text.Json;
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

    [Fact]
    public async Task Expected_version_zero_starts_a_new_stream_and_refuses_an_existing_one()
    {
        var stream = NewStream();
        (await fixture.Appender.AppendAsync(stream, Batch(0, Started()), Api)).ShouldBeOfType<AppendOutcome.Appended>();

        var again = await fixture.Appender.AppendAsync(stream, Batch(0, Started()), Api);

        var conflict = again.ShouldBeOfType<AppendOutcome.VersionConflict>();
        conflict.CurrentVersion.ShouldBe(1);
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(1);
    }

    [Fact]
    public async Task Expected_version_n_appends_only_when_the_stream_is_at_n()
    {
        var stream = NewStream();
        await fixture.Appender.AppendAsync(stream, Batch(Started(), Proposal("p1")), Api);

        var stale = await fixture.Appender.AppendAsync(stream, Batch(1, Proposal("p2")), Api);
        stale.ShouldBeOfType<AppendOutcome.VersionConflict>().CurrentVersion.ShouldBe(2);

        var current = await fixture.Appender.AppendAsync(stream, Batch(2, Proposal("p2")), Api);
        current.ShouldBeOfType<AppendOutcome.Appended>().Version.ShouldBe(3);
    }

    [Fact]
    public async Task Expected_version_on_a_missing_stream_is_a_conflict_at_zero()
    {
        var outcome = await fixture.Appender.AppendAsync(NewStream(), Batch(3, Started()), Api);
        outcome.ShouldBeOfType<AppendOutcome.VersionConflict>().CurrentVersion.ShouldBe(0);
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_writes_nothing()
    {
        var stream = NewStream();
        var bad = Event("proposal_accepted", new { proposalId = "p1" });

        var outcome = await fixture.Appender.AppendAsync(stream, Batch(Started(), Proposal("p1"), bad), Api);

        outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors.Keys.ShouldContain("events[2].data");
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"verdict":"2"}""", "verdict")]
    [InlineData("""{"quality":42}""", "quality")]
    [InlineData("""{"quality":"4"}""", "quality")]
    [InlineData("""{"rating":"1"}""", "rating")]
    [InlineData("""{"tags":["a",1]}""", "tags")]
    [InlineData("""{"content":"ok","product":5}""", "product")]
    public async Task A_correction_with_a_value_its_field_never_takes_is_refused_and_nothing_is_written(string correction, string field)
    {
        var stream = NewStream();
        await fixture.Appender.AppendAsync(stream, Batch(Started(), Proposal("p1")), Api);
        var corrected = Event("event_corrected", new { correctsVersion = 2, by = "ops", reason = "typo", correction = JsonDocument.Parse(correction).RootElement });

        var outcome = await fixture.Appender.AppendAsync(stream, Batch(corrected), Api);

        outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors.Keys.ShouldBe([$"events[0].data.correction.{field}"]);
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nid")]
    public async Task Bad_stream_ids_are_refused(string streamId)
    {
        var outcome = await fixture.Appender.AppendAsync(streamId.Replace("\\n", "\n", StringComparison.Ordinal), Batch(Started()), Api);
        outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors.Keys.ShouldContain("streamId");
    }

    [Fact]
    public async Task Empty_and_oversized_batches_are_refused()
    {
        var empty = await fixture.Appender.AppendAsync(NewStream(), new AppendRequest([]), Api);
        empty.ShouldBeOfType<AppendOutcome.Invalid>().Errors.Keys.ShouldContain("events");

        var missing = await fixture.Appender.AppendAsync(NewStream(), new AppendRequest(null), Api);
        missing.ShouldBeOfType<AppendOutcome.Invalid>().Errors.Keys.ShouldContain("events");

        var tooMany = Enumerable.Range(0, 51).Select(i => Proposal($"p{i}")).ToArray();
        var oversized = await fixture.Appender.AppendAsync(NewStream(), Batch(tooMany), Api);
        oversized.ShouldBeOfType<AppendOutcome.Invalid>().Errors["events"].ShouldHaveSingleItem().ShouldContain("at most 50");
    }

    [Fact]
    public async Task Reserved_headers_and_negative_versions_are_refused()
    {
        var spoofed = Started() with
        {
            Headers = new Dictionary<string, System.Text.Json.JsonElement> { ["source"] = System.Text.Json.JsonDocument.Parse("\"ui\"").RootElement },
        };
        var outcome = await fixture.Appender.AppendAsync(NewStream(), new AppendRequest([spoofed], ExpectedVersion: -1), Api);

        var errors = outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors;
        errors.Keys.ShouldContain("events[0].headers.source");
        errors.Keys.ShouldContain("expectedVersion");
    }

    [Fact]
    public async Task Client_headers_are_kept_on_the_event()
    {
        var stream = NewStream();
        var withHeaders = Started() with
        {
            Headers = new Dictionary<string, System.Text.Json.JsonElement> { ["traceId"] = System.Text.Json.JsonDocument.Parse("\"abc\"").RootElement },
        };
        await fixture.Appender.AppendAsync(stream, Batch(withHeaders), Api);

        await using var session = fixture.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(stream)).ShouldHaveSingleItem();
        stored.GetHeader("traceId")!.ToString().ShouldBe("abc");
    }
}
