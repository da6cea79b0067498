using System.Net;
using System.Text.Json.Nodes;
using EventWorkbench.Web.Tests.Api;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Search;

/// <summary><c>GET /api/events</c> over real Kestrel: the filters, keyset paging, and a 400 naming each bad parameter.</summary>
public sealed class EventSearchApiTests(DevelopmentApiHost host) : IClassFixture<DevelopmentApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private async Task<JsonObject> GetAsync(string url, HttpClient? client = null)
    {
        var response = await (client ?? _reader).GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadObjectAsync();
    }

    private static string Token() => $"tok{Guid.NewGuid():N}"[..15];

    [Fact]
    public async Task Finds_events_by_text_and_type_and_pages_with_the_cursors_it_gives()
    {
        var token = Token();
        for (var i = 0; i < 3; i++)
            (await _writer.PostEventsAsync($"api-{token}-{i}", Batch(Started(input: $"Where is parcel {token}?"), Proposal("p1"))))
                .StatusCode.ShouldBe(HttpStatusCode.Created);

        var first = await GetAsync($"/api/events?text={token.ToUpperInvariant()}&type=interaction_started&pageSize=2");
        var hits = first["hits"]!.AsArray();
        hits.Select(h => h!["streamId"]!.ToString()).ShouldBe([$"api-{token}-2", $"api-{token}-1"]);
        hits[0]!["type"]!.ToString().ShouldBe("interaction_started");
        hits[0]!["version"]!.GetValue<long>().ShouldBe(1);
        hits[0]!["snippet"]!["match"]!.ToString().ShouldBe(token);
        first["newer"].ShouldBeNull();

        var second = await GetAsync($"/api/events?text={token}&type=interaction_started&pageSize=2&before={first["older"]}");
        second["hits"]!.AsArray().Select(h => h!["streamId"]!.ToString()).ShouldBe([$"api-{token}-0"]);
        second["older"].ShouldBeNull();
        second["newer"]!.GetValue<long>().ShouldBe(second["hits"]![0]!["sequence"]!.GetValue<long>());

        (await GetAsync($"/api/events?stream=api-{token}-1&type=interaction_started,proposal_generated"))["hits"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Workbench_streams_are_searched_only_with_the_admin_scope()
    {
        // Every sign-in is an event on the workbench's access log.
        await host.SignedInClientAsync();
        var url = $"/api/events?type=signed_in&actor={ApiHost.AdminUser}";

        (await GetAsync(url))["hits"]!.AsArray().ShouldBeEmpty();
        (await GetAsync(url, host.Client(ApiHost.AdminKey)))["hits"]!.AsArray().ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("/api/events?type=proposal_made", "type")]
    [InlineData("/api/events?from=yesterday", "from")]
    [InlineData("/api/events?to=2026-13-45", "to")]
    [InlineData("/api/events?from=2026-11-27&to=2026-11-26", "from")]
    [InlineData("/api/events?text=ab", "text")]
    [InlineData("/api/events?pageSize=0", "pageSize")]
    [InlineData("/api/events?pageSize=201", "pageSize")]
    [InlineData("/api/events?pageSize=many", "pageSize")]
    [InlineData("/api/events?before=x", "before")]
    [InlineData("/api/events?before=5&after=2", "after")]
    public async Task A_bad_parameter_returns_400_problem_json_naming_it(string url, string parameter)
    {
        var response = await _reader.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadObjectAsync();
        problem["errors"]!.AsObject().Select(pair => pair.Key).ShouldBe([parameter]);
        problem["title"]!.ToString().ShouldBe("The query is not valid");
    }

    [Fact]
    public async Task A_text_longer_than_200_characters_returns_400_naming_text()
    {
        var response = await _reader.GetAsync($"/api/events?text={new string('x', 201)}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadObjectAsync())["errors"]!["text"]![0]!.ToString().ShouldBe("text must be at most 200 characters");
    }

    [Fact]
    public async Task Searching_needs_a_key_with_the_read_scope()
    {
        (await host.Client().GetAsync("/api/events")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _writer.GetAsync("/api/events")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
