using System.Net;
using System.Text.Json.Nodes;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

public sealed class ReviewApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private static string Generated(string proposalId, string content, string model = "gpt-x") =>
        $$"""{ "type": "proposal_generated", "data": { "proposalId": "{{proposalId}}", "model": "{{model}}", "messages": [ { "role": "user", "content": "Where?" } ], "content": "{{content}}", "contentType": "text" } }""";

    private static string Edited(string proposalId, string content) =>
        $$"""{ "type": "proposal_edited", "data": { "proposalId": "{{proposalId}}", "editor": "ana", "content": "{{content}}" } }""";

    private static string Decided(string type, string proposalId) =>
        $$"""{ "type": "{{type}}", "data": { "proposalId": "{{proposalId}}", "by": "ana" } }""";

    private async Task PostAsync(string stream, params string[] events) =>
        (await _writer.PostEventsAsync(stream, Batch(events))).StatusCode.ShouldBe(HttpStatusCode.Created);

    private async Task<JsonObject> GetAsync(string url)
    {
        var response = await _reader.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadObjectAsync();
    }

    private static IEnumerable<string> StreamIds(JsonObject page) => page["items"]!.AsArray().Select(i => i!["streamId"]!.ToString());

    [Fact]
    public async Task Proposals_are_listed_with_filters_paging_and_counts()
    {
        var product = $"rv-{Guid.NewGuid():N}"[..16];
        await PostAsync($"{product}-a", Started(product), Generated("p", "Alpha.", "gpt-a"), Decided("proposal_accepted", "p"));
        await PostAsync($"{product}-b", Started(product), Generated("p", "Beta.", "gpt-b"), Edited("p", "Beta, NEEDLE."), Decided("proposal_accepted", "p"));
        await PostAsync($"{product}-c", Started(product), Generated("p", "Gamma.", "gpt-b"), Decided("proposal_rejected", "p"));

        var all = await GetAsync($"/api/proposals?product={product}&sort=stream_id&descending=false&pageSize=2");
        StreamIds(all).ShouldBe([$"{product}-a", $"{product}-b"]);
        ((long)all["total"]!, all["sort"]!.ToString(), (bool)all["descending"]!).ShouldBe((3L, "stream_id", false));
        var counts = all["counts"]!;
        ((long)counts["acceptedUnchanged"]!, (long)counts["acceptedEdited"]!, (long)counts["rejected"]!, (long)counts["pending"]!)
            .ShouldBe((1L, 1L, 1L, 0L));

        StreamIds(await GetAsync($"/api/proposals?product={product}&outcome=accepted_edited")).ShouldBe([$"{product}-b"]);
        StreamIds(await GetAsync($"/api/proposals?product={product}&model=gpt-b&outcome=Rejected")).ShouldBe([$"{product}-c"]);
        StreamIds(await GetAsync($"/api/proposals?product={product}&text=needle")).ShouldBe([$"{product}-b"]);
        StreamIds(await GetAsync($"/api/proposals?product={product}&curated=true")).ShouldBeEmpty();
        var page = await GetAsync($"/api/proposals?product={product}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}");
        ((long)page["total"]!).ShouldBe(3);
        var items = page["items"]!.AsArray().ToDictionary(i => i!["streamId"]!.ToString());
        ((double)items[$"{product}-a"]!["similarity"]!, items[$"{product}-a"]!["editCategory"]!.ToString()).ShouldBe((1.0, "unchanged"));
        items[$"{product}-b"]!["editCategory"]!.ToString().ShouldBe("substantial_rewrite"); // one of two words added
        items[$"{product}-c"]!["similarity"].ShouldBeNull(); // rejected without an edit: no human version, no delta
        StreamIds(await GetAsync($"/api/proposals?product={product}&category=unchanged")).ShouldBe([$"{product}-a"]);
        StreamIds(await GetAsync($"/api/proposals?product={product}&category=SubstantialRewrite")).ShouldBe([$"{product}-b"]);
    }

    [Fact]
    public async Task A_proposal_detail_returns_the_review_and_its_delta()
    {
        var stream = NewStreamId();
        var proposalId = $"detail-{Guid.NewGuid():N}";
        await PostAsync(stream, Started(), Generated(proposalId, "Draft."), Edited(proposalId, "Final."), Decided("proposal_accepted", proposalId));

        var detail = await GetAsync($"/api/proposals/{proposalId}");
        var byStream = await GetAsync($"/api/proposals/{proposalId}?streamId={stream}");

        var delta = detail["delta"]!;
        ((double)delta["similarity"]!).ShouldBe(0);
        ((int)delta["editDistance"]!).ShouldBe(1);
        ((int)delta["inserted"]!, (int)delta["deleted"]!).ShouldBe((1, 1));
        delta["category"]!.ToString().ShouldBe("substantial_rewrite");
        delta["ops"]!.AsArray().Select(o => (o!["op"]!.ToString(), o["text"]!.ToString()))
            .ShouldBe([("delete", "Draft"), ("insert", "Final"), ("equal", ".")]);
        var review = detail["review"]!;
        (review["streamId"]!.ToString(), review["aiContent"]!.ToString(), review["finalContent"]!.ToString(), review["outcome"]!.ToString())
            .ShouldBe((stream, "Draft.", "Final.", "accepted_edited"));
        review["edits"]!.AsArray().ShouldHaveSingleItem()!["editor"]!.ToString().ShouldBe("ana");
        byStream["review"]!["id"]!.ToString().ShouldBe($"{stream}/{proposalId}");
    }

    [Fact]
    public async Task Unknown_proposals_return_404_problem()
    {
        var response = await _reader.GetAsync($"/api/proposals/missing-{Guid.NewGuid():N}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var stream = NewStreamId();
        await PostAsync(stream, Generated("known", "Text."));
        (await _reader.GetAsync($"/api/proposals/other?streamId={stream}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_ambiguous_proposal_id_returns_409_listing_the_streams()
    {
        var proposalId = $"shared-{Guid.NewGuid():N}";
        var (one, two) = (NewStreamId(), NewStreamId());
        await PostAsync(one, Generated(proposalId, "One."));
        await PostAsync(two, Generated(proposalId, "Two."));

        var response = await _reader.GetAsync($"/api/proposals/{proposalId}");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadObjectAsync();
        problem["streams"]!.AsArray().Select(s => s!.ToString()).OrderBy(s => s, StringComparer.Ordinal)
            .ShouldBe(new[] { one, two }.OrderBy(s => s, StringComparer.Ordinal));
        (await GetAsync($"/api/proposals/{proposalId}?streamId={two}"))["review"]!["aiContent"]!.ToString().ShouldBe("Two.");
    }

    [Theory]
    [InlineData("/api/proposals?page=0")]
    [InlineData("/api/proposals?pageSize=1000")]
    [InlineData("/api/proposals?outcome=maybe")]
    [InlineData("/api/proposals?outcome=1")]
    [InlineData("/api/proposals?verdict=keep")]
    [InlineData("/api/proposals?sort=nonsense")]
    [InlineData("/api/proposals?minSimilarity=1.5")]
    [InlineData("/api/proposals?minSimilarity=NaN")]
    [InlineData("/api/proposals?minSimilarity=0.8&maxSimilarity=0.2")]
    [InlineData("/api/proposals?from=2025-02-01&to=2025-01-01")]
    [InlineData("/api/proposals?from=yesterday")]
    [InlineData("/api/proposals?curated=perhaps")]
    [InlineData("/api/proposals?category=typo")]
    [InlineData("/api/proposals?page=two")]
    [InlineData("/api/proposals?descending=perhaps")]
    [InlineData("/api/proposals/any?ignoreWhitespace=perhaps")]
    public async Task Bad_parameters_return_400_problem(string url)
    {
        var response = await _reader.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_page_far_beyond_the_last_is_empty_rather_than_an_error()
    {
        var page = await GetAsync("/api/proposals?page=100000000&pageSize=200");

        page["items"]!.AsArray().ShouldBeEmpty();
        page["page"]!.GetValue<int>().ShouldBe(100_000_000);
        page["total"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Reading_proposals_needs_a_key_with_the_read_scope()
    {
        (await host.Client().GetAsync("/api/proposals")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _writer.GetAsync("/api/proposals")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _writer.GetAsync("/api/proposals/any")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
