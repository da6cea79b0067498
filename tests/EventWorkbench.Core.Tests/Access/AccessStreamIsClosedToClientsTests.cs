using EventWorkbench.Access;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Access;

/// <summary>The access log is written by the app only: the append path refuses its stream and its event types, and reads leave it out.</summary>
public sealed class AccessStreamIsClosedToClientsTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private EventAppender Appender => new(fixture.Store, new AppendOptions());

    [Theory]
    [InlineData("workbench-access")]
    [InlineData("Workbench-Access")]
    [InlineData("workbench-anything")]
    public async Task Appending_to_a_workbench_stream_is_refused(string streamId)
    {
        var outcome = await Appender.AppendAsync(streamId, Batch(Started()), Api);
        outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors["streamId"].ShouldHaveSingleItem().ShouldContain("written by the workbench itself");
    }

    [Theory]
    [InlineData("account_created")]
    [InlineData("role_granted")]
    [InlineData("signed_in")]
    [InlineData("sign_in_failed")]
    [InlineData("api_key_created")]
    [InlineData("api_key_revoked")]
    public async Task Access_event_types_are_refused_on_any_stream(string type)
    {
        var outcome = await Appender.AppendAsync($"s-{Guid.NewGuid():N}", Batch(Event(type, new { userName = "mallory" })), Api);
        outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors["events[0].type"].ShouldHaveSingleItem().ShouldContain("written by the workbench itself");
    }

    [Fact]
    public async Task The_access_stream_is_neither_listed_nor_read_as_an_interaction()
    {
        await fixture.NewAccountAsync(AccessRoles.Viewer);
        var queries = new StreamQueries(fixture.Store);

        (await queries.GetAsync(WorkbenchStreams.Access)).ShouldBeNull();
        (await queries.ListAsync(new StreamFilter(Text: "workbench"))).Total.ShouldBe(0);
        (await queries.EventsAsync(WorkbenchStreams.Access)).ShouldBeEmpty();
    }
}
