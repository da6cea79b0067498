using EventWorkbench.History;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.History;

public sealed class TimeAndCorrectionTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Fact]
    public async Task A_time_finds_the_latest_event_appended_at_or_before_it()
    {
        var stream = $"times-{Guid.NewGuid():N}";
        foreach (var e in new[] { Started("support"), Proposal("p1"), Event("proposal_accepted", new { proposalId = "p1", by = "ana" }) })
        {
            await fixture.Appender.AppendAsync(stream, Batch(e), Api);
            await Task.Delay(30); // distinct, ordered timestamps
        }
        var history = new StreamHistory(fixture.Store);
        var events = await new EventWorkbench.Streams.StreamQueries(fixture.Store).EventsAsync(stream);
        var extent = (await history.ExtentAsync(stream)).ShouldNotBeNull();
        extent.ShouldBe(new StreamExtent(3, events[0].Timestamp, events[2].Timestamp));

        (await history.VersionAtAsync(stream, events[0].Timestamp.AddTicks(-10))).ShouldBe(0);
        (await history.VersionAtAsync(stream, events[0].Timestamp)).ShouldBe(1);
        (await history.VersionAtAsync(stream, events[1].Timestamp.AddMilliseconds(10))).ShouldBe(2);
        (await history.VersionAtAsync(stream, events[2].Timestamp)).ShouldBe(3);
        (await history.VersionAtAsync(stream, DateTimeOffset.UtcNow.AddDays(1))).ShouldBe(3);
    }

    [Fact]
    public async Task A_correction_changes_the_state_from_its_own_step_on_and_links_to_what_it_corrects()
    {
        var stream = $"corrected-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(
            Started("suport-typo"),
            Proposal("p1", "It ships tomorow."),
            Event("proposal_accepted", new { proposalId = "p1", by = "ana" }),
            Event("event_corrected", new { correctsVersion = 1, by = "ops", reason = "typo", correction = new { product = "support" } }),
            Event("event_corrected", new { correctsVersion = 2, by = "ops", reason = "typo", correction = new { content = "It ships tomorrow." } })), Api);
        var history = new StreamHistory(fixture.Store);

        var beforeCorrections = (await history.StateAsync(stream, 3)).ShouldNotBeNull();
        beforeCorrections.Summary!.Product.ShouldBe("suport-typo");
        beforeCorrections.Proposals.Single().AiContent.ShouldBe("It ships tomorow.");

        var productCorrected = (await history.StepAsync(stream, 4)).ShouldNotBeNull();
        productCorrected.Before.Summary!.Product.ShouldBe("suport-typo");
        productCorrected.After.Summary!.Product.ShouldBe("support");
        productCorrected.After.Summary.Corrections.ShouldBe(1);
        productCorrected.After.Proposals.Single().AiContent.ShouldBe("It ships tomorow.");

        var contentCorrected = (await history.StateAsync(stream, 5)).ShouldNotBeNull().Proposals.Single();
        contentCorrected.AiContent.ShouldBe("It ships tomorrow.");
        contentCorrected.OriginalAiContent.ShouldBe("It ships tomorow.");

        (await history.CorrectionsAsync(stream)).ShouldBe([new CorrectionLink(4, 1), new CorrectionLink(5, 2)]);
    }

    [Fact]
    public async Task Unknown_and_workbench_streams_have_no_history()
    {
        var history = new StreamHistory(fixture.Store);
        (await history.ExtentAsync("no-such-stream")).ShouldBeNull();
        (await history.ExtentAsync(EventWorkbench.Streams.WorkbenchStreams.Access)).ShouldBeNull();
        (await history.StateAsync(EventWorkbench.Streams.WorkbenchStreams.Access, 1)).ShouldBeNull();
        (await history.CorrectionsAsync("no-such-stream")).ShouldBeEmpty();
    }
}
