using System.Net;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

public sealed class IdempotencyApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_returns_the_first_answer_and_writes_nothing()
    {
        var stream = NewStreamId();
        var key = Guid.NewGuid().ToString();
        var body = Batch(Started(), Proposal("p1"));

        var first = await _writer.PostEventsAsync(stream, body, key);
        var retry = await _writer.PostEventsAsync(stream, body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").ShouldHaveSingleItem().ShouldBe("true");
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        var events = await host.Client(ApiHost.ReadKey).GetAsync($"/api/streams/{stream}/events");
        (await events.ReadObjectAsync())["events"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Whitespace_differences_are_the_same_body()
    {
        var stream = NewStreamId();
        var key = Guid.NewGuid().ToString();
        await _writer.PostEventsAsync(stream, Batch(Started()), key);

        var retry = await _writer.PostEventsAsync(stream, Batch(Started()).Replace("{ ", "{\n\t  ", StringComparison.Ordinal), key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
    }

    [Fact]
    public async Task The_same_key_with_another_body_returns_422_and_writes_nothing()
    {
        var stream = NewStreamId();
        var key = Guid.NewGuid().ToString();
        await _writer.PostEventsAsync(stream, Batch(Started()), key);

        var reuse = await _writer.PostEventsAsync(stream, Batch(Started(product: "contracts")), key);

        reuse.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reuse.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var events = await host.Client(ApiHost.ReadKey).GetAsync($"/api/streams/{stream}/events");
        (await events.ReadObjectAsync())["events"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_over_long_key_returns_400()
    {
        var response = await _writer.PostEventsAsync(NewStreamId(), Batch(Started()), new string('k', 201));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
