using System.Net;
using System.Text.Json.Nodes;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

public sealed class StreamStateApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private static string Accepted(string proposalId) => $$"""{ "type": "proposal_accepted", "data": { "proposalId": "{{proposalId}}", "by": "ana" } }""";

    private static string ProductCorrection(string product) =>
        $$"""{ "type": "event_corrected", "data": { "correctsVersion": 1, "by": "ops", "reason": "typo", "correction": { "product": "{{product}}" } } }""";

    /// <summary>A stream of four events appended one by one, and the times they were appended.</summary>
    private async Task<(string Stream, List<DateTimeOffset> Times)> FourEventStreamAsync()
    {
        var stream = NewStreamId();
        foreach (var e in new[] { Started("suport"), Proposal("p1"), Accepted("p1"), ProductCorrection("support") })
        {
            (await _writer.PostEventsAsync(stream, Batch(e))).StatusCode.ShouldBe(HttpStatusCode.Created);
            await Task.Delay(30);
        }
        var events = await (await _reader.GetAsync($"/api/streams/{stream}/events")).ReadObjectAsync();
        return (stream, events["events"]!.AsArray().Select(e => (DateTimeOffset)e!["timestamp"]!).ToList());
    }

    private async Task<JsonObject> StateAsync(string url)
    {
        var response = await _reader.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadObjectAsync();
    }

    [Fact]
    public async Task The_state_at_a_version_is_the_summary_and_reviews_as_they_stood_then()
    {
        var (stream, times) = await FourEventStreamAsync();

        var second = await StateAsync($"/api/streams/{stream}/state?version=2");
        ((long)second["version"]!, (long)second["lastVersion"]!, second["eventType"]!.ToString()).ShouldBe((2L, 4L, "proposal_generated"));
        ((DateTimeOffset)second["at"]!).ShouldBe(times[1]);
        second["summary"]!["product"]!.ToString().ShouldBe("suport");
        second["proposals"]!.AsArray().ShouldHaveSingleItem()!["outcome"]!.ToString().ShouldBe("pending");

        var third = await StateAsync($"/api/streams/{stream}/state?version=3");
        third["proposals"]![0]!["outcome"]!.ToString().ShouldBe("accepted_unchanged");

        var latest = await StateAsync($"/api/streams/{stream}/state");
        ((long)latest["version"]!).ShouldBe(4L);
        latest["summary"]!["product"]!.ToString().ShouldBe("support"); // the correction applies from its own step
        ((int)latest["summary"]!["corrections"]!).ShouldBe(1);
        latest["proposals"]![0]!["product"]!.ToString().ShouldBe("support");
    }

    [Fact]
    public async Task A_time_gives_the_state_after_the_latest_event_appended_by_then()
    {
        var (stream, times) = await FourEventStreamAsync();

        var between = await StateAsync($"/api/streams/{stream}/state?at={Uri.EscapeDataString(times[2].AddMilliseconds(5).ToString("O"))}");
        ((long)between["version"]!).ShouldBe(3L);
        var exactly = await StateAsync($"/api/streams/{stream}/state?at={Uri.EscapeDataString(times[0].ToString("O"))}");
        ((long)exactly["version"]!).ShouldBe(1L);
        exactly["proposals"]!.AsArray().ShouldBeEmpty();
        var last = await StateAsync($"/api/streams/{stream}/state?at={Uri.EscapeDataString(times[3].ToString("O"))}");
        last["summary"]!["product"]!.ToString().ShouldBe("support");
    }

    [Theory]
    [InlineData("version=5", "version", "beyond the stream: its last version is 4")]
    [InlineData("version=0", "version", "versions start at 1")]
    [InlineData("version=-3", "version", "versions start at 1")]
    [InlineData("version=two", "version", "is not a whole number")]
    [InlineData("version=1.5", "version", "is not a whole number")]
    [InlineData("at=yesterday", "at", "is not a date and time")]
    [InlineData("at=2001-01-01T00:00:00Z", "at", "before the stream's first event")]
    [InlineData("at=2999-01-01T00:00:00Z", "at", "is beyond the stream")]
    [InlineData("version=2&at=2001-01-01", "at", "cannot be given with version")]
    public async Task A_version_or_time_beyond_the_stream_or_unreadable_is_a_400_naming_it(string query, string parameter, string says)
    {
        var (stream, _) = await FourEventStreamAsync();

        var response = await _reader.GetAsync($"/api/streams/{stream}/state?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor(parameter).ShouldHaveSingleItem().ShouldContain(says);
        problem["title"]!.ToString().ShouldBe("The query is not valid");
    }

    [Fact]
    public async Task An_unknown_stream_is_a_404_and_an_unreadable_query_is_a_400_first()
    {
        var unknown = NewStreamId();
        (await (await _reader.GetAsync($"/api/streams/{unknown}/state")).ProblemAsync(HttpStatusCode.NotFound))["detail"]!.ToString()
            .ShouldBe($"There is no stream '{unknown}'");
        (await _reader.GetAsync($"/api/streams/{unknown}/state?version=1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _reader.GetAsync("/api/streams/workbench-access/state")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _reader.GetAsync($"/api/streams/{unknown}/state?version=x")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_state_needs_a_key_with_read_scope()
    {
        var (stream, _) = await FourEventStreamAsync();
        (await host.Client().GetAsync($"/api/streams/{stream}/state")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client("not-a-key").GetAsync($"/api/streams/{stream}/state")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _writer.GetAsync($"/api/streams/{stream}/state")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.Client(ApiHost.AdminKey).GetAsync($"/api/streams/{stream}/state")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_state_operation_is_in_the_openapi_document_with_its_parameters()
    {
        var document = await (await host.Client().GetAsync("/openapi/v1.json")).ReadObjectAsync();
        var operation = document["paths"]!["/api/streams/{streamId}/state"]!["get"]!;
        operation["parameters"]!.AsArray().Select(p => p!["name"]!.ToString()).ShouldBe(["streamId", "version", "at"], ignoreOrder: true);
    }
}
