using System.Net;
using System.Text.Json.Nodes;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

public sealed class ReadApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private async Task<JsonObject> GetAsync(string url)
    {
        var response = await _reader.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadObjectAsync();
    }

    [Fact]
    public async Task Streams_are_paged_and_filtered_by_product_and_text()
    {
        var product = $"product-{Guid.NewGuid():N}"[..20];
        for (var i = 0; i < 5; i++)
            await _writer.PostEventsAsync($"{product}-s{i}", Batch(Started(product, input: i == 3 ? "unique needle question" : "plain question")));

        var firstPage = await GetAsync($"/api/streams?product={product}&pageSize=2&page=1&sort=stream_id&descending=false");
        ((long)firstPage["total"]!).ShouldBe(5);
        (firstPage["sort"]!.ToString(), (bool)firstPage["descending"]!).ShouldBe(("stream_id", false));
        firstPage["items"]!.AsArray().Select(i => i!["id"]!.ToString()).ShouldBe([$"{product}-s0", $"{product}-s1"]);
        var lastPage = await GetAsync($"/api/streams?product={product}&pageSize=2&page=3&sort=StreamId&descending=false"); // the enum's own spelling is read too
        lastPage["items"]!.AsArray().ShouldHaveSingleItem()!["id"]!.ToString().ShouldBe($"{product}-s4");

        var farOut = await GetAsync($"/api/streams?product={product}&pageSize=100&page=100000000");
        farOut["items"]!.AsArray().ShouldBeEmpty();
        ((long)farOut["total"]!).ShouldBe(5);

        var byText = await GetAsync($"/api/streams?text=NEEDLE&product={product}");
        byText["items"]!.AsArray().ShouldHaveSingleItem()!["id"]!.ToString().ShouldBe($"{product}-s3");
        var byStreamId = await GetAsync($"/api/streams?text={product}-s2");
        byStreamId["items"]!.AsArray().ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("/api/streams?page=0")]
    [InlineData("/api/streams?page=first")]
    [InlineData("/api/streams?pageSize=1000")]
    [InlineData("/api/streams?sort=Nonsense")]
    [InlineData("/api/streams?descending=perhaps")]
    public async Task Bad_paging_returns_400_problem(string url)
    {
        var response = await _reader.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_stream_summary_counts_its_events_and_proposals()
    {
        var stream = NewStreamId();
        await _writer.PostEventsAsync(stream, Batch(Started(), Proposal("p1"), Proposal("p2")));

        var summary = await GetAsync($"/api/streams/{stream}");

        ((long)summary["eventCount"]!).ShouldBe(3);
        ((int)summary["proposals"]!).ShouldBe(2);
        ((int)summary["pending"]!).ShouldBe(2);
    }

    [Fact]
    public async Task Events_can_be_read_between_two_versions()
    {
        var stream = NewStreamId();
        await _writer.PostEventsAsync(stream, Batch(Started(), Proposal("p1"), Proposal("p2"), Proposal("p3")));

        var slice = await GetAsync($"/api/streams/{stream}/events?fromVersion=2&toVersion=3");

        slice["events"]!.AsArray().Select(e => (long)e!["version"]!).ShouldBe([2L, 3L]);
        slice["events"]!.AsArray().ShouldAllBe(e => e!["type"]!.ToString() == "proposal_generated");
    }

    [Fact]
    public async Task Unknown_streams_return_404_problem()
    {
        var response = await _reader.GetAsync($"/api/streams/{NewStreamId()}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await _reader.GetAsync($"/api/streams/{NewStreamId()}/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("fromVersion=5&toVersion=2", "fromVersion")]
    [InlineData("fromVersion=-1", "fromVersion")]
    [InlineData("toVersion=last", "toVersion")]
    public async Task A_bad_version_range_returns_400_naming_it(string query, string parameter)
    {
        var response = await _reader.GetAsync($"/api/streams/{NewStreamId()}/events?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadObjectAsync();
        problem["errors"]![parameter]!.AsArray().ShouldNotBeEmpty();
        problem["title"]!.ToString().ShouldNotContain("written");
    }

    [Fact]
    public async Task Health_reports_the_database()
    {
        var health = await (await host.Client().GetAsync("/health")).ReadObjectAsync();
        health["status"]!.ToString().ShouldBe("Healthy");
        health["checks"]!["event-store"]!["status"]!.ToString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_and_reference_page_are_served()
    {
        var document = await (await host.Client().GetAsync("/openapi/v1.json")).ReadObjectAsync();
        document["paths"]!.AsObject().Select(p => p.Key).ShouldContain("/api/streams/{streamId}/events");
        document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]!.ToString().ShouldBe("bearer");
        (await host.Client().GetAsync("/api/reference")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
