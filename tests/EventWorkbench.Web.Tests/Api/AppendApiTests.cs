using System.Net;
using System.Text.Json.Nodes;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

public sealed class AppendApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private async Task<long> VersionOfAsync(string streamId)
    {
        var response = await _reader.GetAsync($"/api/streams/{streamId}/events");
        if (response.StatusCode == HttpStatusCode.NotFound) return 0;
        return (long)(await response.ReadObjectAsync())["version"]!;
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadObjectAsync();
        ((int)problem["status"]!).ShouldBe((int)status);
        problem["detail"]!.ToString().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    [Fact]
    public async Task Append_returns_201_with_versions_and_sequences()
    {
        var stream = NewStreamId();

        var response = await _writer.PostEventsAsync(stream, Batch(Started(), Proposal("p1")));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldContain($"/api/streams/{stream}/events");
        var body = await response.ReadObjectAsync();
        body["streamId"]!.ToString().ShouldBe(stream);
        ((long)body["version"]!).ShouldBe(2);
        var events = body["events"]!.AsArray();
        events.Select(e => (long)e!["version"]!).ShouldBe([1L, 2L]);
        ((long)events[1]!["sequence"]!).ShouldBeGreaterThan((long)events[0]!["sequence"]!);
        Guid.Parse(events[0]!["id"]!.ToString()).ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task Append_with_stale_expected_version_returns_409_with_current_version()
    {
        var stream = NewStreamId();
        await _writer.PostEventsAsync(stream, Batch(Started(), Proposal("p1")));

        var response = await _writer.PostEventsAsync(stream, Batch(1, Proposal("p2")));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        ((long)problem["currentVersion"]!).ShouldBe(2);
        (await VersionOfAsync(stream)).ShouldBe(2);
    }

    [Fact]
    public async Task Append_with_expected_version_zero_on_an_existing_stream_returns_409()
    {
        var stream = NewStreamId();
        (await _writer.PostEventsAsync(stream, Batch(0, Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var problem = await ProblemAsync(await _writer.PostEventsAsync(stream, Batch(0, Started())), HttpStatusCode.Conflict);
        ((long)problem["currentVersion"]!).ShouldBe(1);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "unknown type", Batch("""{ "type": "proposal_deleted", "data": {} }""") },
        { "workbench-only type", Batch("""{ "type": "subject_erased", "data": {} }""") },
        { "missing field", Batch("""{ "type": "proposal_accepted", "data": { "proposalId": "p1" } }""") },
        { "unknown field", Batch("""{ "type": "proposal_accepted", "data": { "proposalId": "p1", "by": "a", "x": 1 } }""") },
        { "bad enum", Batch("""{ "type": "example_curated", "data": { "proposalId": "p1", "by": "a", "verdict": "maybe" } }""") },
        { "one bad among good", Batch(Started(), Proposal("p1"), """{ "type": "feedback_given", "data": { "by": "a", "rating": 5 } }""") },
        { "empty batch", """{ "events": [] }""" },
        { "no events", """{ "expectedVersion": 0 }""" },
        { "oversized batch", Batch(Enumerable.Range(0, 101).Select(i => Proposal($"p{i}")).ToArray()) },
        { "malformed json", """{ "events": [ { "type": "interaction_started", """ },
        { "not an object", """[1, 2, 3]""" },
        { "negative expected version", Batch(-1, Started()) },
        { "data not an object", Batch("""{ "type": "interaction_started", "data": "hello" }""") },
        { "unknown top-level field", """{ "events": [], "expectedVersoin": 3 }""" },
        { "nul character in data", Batch("""{ "type": "proposal_accepted", "data": { "proposalId": "p1", "by": "a\u0000" } }""") },
        { "nul character in a header", Batch("""{ "type": "proposal_accepted", "data": { "proposalId": "p1", "by": "a" }, "headers": { "trace": "x\u0000" } }""") },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_returns_400_problem_and_writes_nothing(string why, string body)
    {
        var stream = NewStreamId();

        var response = await _writer.PostEventsAsync(stream, body);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem["title"]!.ToString().ShouldContain("nothing was written", customMessage: why);
        (await VersionOfAsync(stream)).ShouldBe(0, why);
    }

    [Fact]
    public async Task Validation_errors_name_each_bad_field()
    {
        var body = Batch(Started(), """{ "type": "feedback_given", "data": { "by": "", "rating": 3 } }""");

        var problem = await ProblemAsync(await _writer.PostEventsAsync(NewStreamId(), body), HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["events[1].data.by", "events[1].data.rating"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_body_that_is_not_json_returns_415_and_writes_nothing()
    {
        var stream = NewStreamId();
        using var content = new StringContent("events=1", System.Text.Encoding.UTF8, "text/plain");
        var response = await _writer.PostAsync($"/api/streams/{stream}/events", content);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await VersionOfAsync(stream)).ShouldBe(0);
    }

    [Fact]
    public async Task A_body_over_the_limit_returns_413_and_writes_nothing()
    {
        var stream = NewStreamId();
        var huge = new string('x', (int)ApiHost.MaxBodyBytes);

        var response = await _writer.PostEventsAsync(stream, Batch(Started(input: huge)));

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        (await VersionOfAsync(stream)).ShouldBe(0);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_returns_413()
    {
        var huge = Batch(Started(input: new string('x', (int)ApiHost.MaxBodyBytes)));
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/streams/{NewStreamId()}/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await _writer.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_api_key_name_is_the_actor_and_api_the_source()
    {
        var stream = NewStreamId();
        await _writer.PostEventsAsync(stream, """{ "correlationId": "c-1", "causationId": "q-1", "events": [ """ + Started() + " ] }");

        var events = (await (await _reader.GetAsync($"/api/streams/{stream}/events")).ReadObjectAsync())["events"]!.AsArray();

        var stored = events.ShouldHaveSingleItem()!;
        stored["actor"]!.ToString().ShouldBe("writer");
        stored["correlationId"]!.ToString().ShouldBe("c-1");
        stored["causationId"]!.ToString().ShouldBe("q-1");
        stored["headers"]!["source"]!.ToString().ShouldBe("api");
        stored["type"]!.ToString().ShouldBe("interaction_started");
        stored["data"]!["product"]!.ToString().ShouldBe("support-replies");
    }
}
