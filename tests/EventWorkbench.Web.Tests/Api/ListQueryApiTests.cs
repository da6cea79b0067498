using System.Net;
using System.Text.Json.Nodes;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// The two list addresses, <c>GET /api/streams</c> and <c>GET /api/proposals</c>, read their query strings alike and
/// answer alike. The host runs as in Development, where a parameter the framework failed to bind would throw.
/// </summary>
public sealed class ListQueryApiTests(DevelopmentApiHost host) : IClassFixture<DevelopmentApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private async Task<JsonObject> ProblemAsync(string url)
    {
        var response = await _reader.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return await response.ReadObjectAsync();
    }

    [Theory]
    [InlineData("/api/streams?sort=event_countx", "sort", "event_countx", "last_event_at, started_at, stream_id, product, event_count, proposals")]
    [InlineData("/api/proposals?sort=similarityy", "sort", "similarityy", "generated_at, decided_at, stream_id, proposal_id, product, model, outcome, similarity, edit_distance, time_to_decision")]
    [InlineData("/api/proposals?category=typo", "category", "typo", "unchanged, formatting, minor_wording, substantial_rewrite, structural_change")]
    [InlineData("/api/proposals?outcome=maybe", "outcome", "maybe", "pending, accepted_unchanged, accepted_edited, rejected")]
    [InlineData("/api/proposals?verdict=keep", "verdict", "keep", "include, exclude")]
    public async Task An_unknown_value_returns_400_naming_the_parameter_the_value_and_the_allowed_values(
        string url, string parameter, string value, string allowed)
    {
        var problem = await ProblemAsync(url);

        var message = problem["errors"]![parameter]!.AsArray().ShouldHaveSingleItem()!.ToString();
        message.ShouldBe($"{parameter} '{value}' is not one of {allowed}");
        problem["detail"]!.ToString().ShouldContain(message);
        problem["title"]!.ToString().ShouldBe("The query is not valid");
    }

    private const string LongText = "refundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefundrefund"; // 204

    [Theory]
    [InlineData("/api/streams?sort=nope&page=zero&pageSize=0", "sort", "page", "pageSize")]
    [InlineData("/api/proposals?outcome=nope&curated=perhaps&from=yesterday", "outcome", "curated", "from")]
    [InlineData("/api/proposals?text=" + LongText, "text")]
    [InlineData("/api/events?text=" + LongText, "text")]
    public async Task Every_bad_parameter_is_named_at_once(string url, params string[] parameters)
    {
        var problem = await ProblemAsync(url);

        problem["errors"]!.AsObject().Select(pair => pair.Key).ShouldBe(parameters, ignoreOrder: true);
    }

    [Theory]
    [InlineData("/api/streams?sort=bad")]
    [InlineData("/api/streams?page=0")]
    [InlineData("/api/streams/any/events?fromVersion=9&toVersion=1")]
    [InlineData("/api/proposals?minSimilarity=2")]
    [InlineData("/api/proposals/any?ignoreWhitespace=perhaps")]
    public async Task A_problem_with_a_read_never_says_nothing_was_written(string url)
    {
        var problem = await ProblemAsync(url);

        problem["title"]!.ToString().ShouldNotContain("written");
        problem["detail"]!.ToString().ShouldNotContain("written");
    }

    [Fact]
    public async Task Bad_query_values_are_answered_without_an_exception_in_the_log()
    {
        string[] urls =
        [
            "/api/streams?sort=event_countx&page=first&pageSize=many&descending=perhaps",
            "/api/streams/any/events?fromVersion=first&toVersion=last",
            "/api/proposals?outcome=maybe&category=typo&verdict=keep&sort=x&minSimilarity=high&curated=perhaps&from=yesterday&to=soon&page=two",
            "/api/proposals/any?ignoreWhitespace=perhaps",
        ];

        foreach (var url in urls) await ProblemAsync(url);

        host.Logs.Entries.Where(entry => entry.Exception is not null).ShouldBeEmpty();
        host.Logs.Entries.Where(entry => entry.Level >= Microsoft.Extensions.Logging.LogLevel.Error).ShouldBeEmpty();
    }

    [Fact]
    public async Task Both_lists_answer_one_shape_with_snake_case_sort_names()
    {
        var product = $"shape-{Guid.NewGuid():N}"[..18];
        (await _writer.PostEventsAsync($"{product}-1", Batch(Started(product), Proposal("p1")))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var streams = await (await _reader.GetAsync($"/api/streams?product={product}&sort=event_count&descending=false&pageSize=5")).ReadObjectAsync();
        var proposals = await (await _reader.GetAsync($"/api/proposals?product={product}&sort=edit_distance&pageSize=5")).ReadObjectAsync();

        streams.Select(pair => pair.Key).ShouldBe(["items", "page", "pageSize", "total", "sort", "descending"]);
        proposals.Select(pair => pair.Key).ShouldBe(["items", "page", "pageSize", "total", "sort", "descending", "counts"]);
        ((long)streams["total"]!, streams["sort"]!.ToString(), (bool)streams["descending"]!, (int)streams["pageSize"]!).ShouldBe((1L, "event_count", false, 5));
        ((long)proposals["total"]!, proposals["sort"]!.ToString(), (bool)proposals["descending"]!, (int)proposals["page"]!).ShouldBe((1L, "edit_distance", true, 1));
        proposals["counts"]!.AsObject().Select(pair => pair.Key).ShouldBe(["pending", "acceptedUnchanged", "acceptedEdited", "rejected"]);
        ((long)proposals["counts"]!["pending"]!).ShouldBe(1);
    }

    [Fact]
    public async Task The_api_document_gives_each_list_parameter_its_wire_name_type_and_values()
    {
        var document = await (await host.Client().GetAsync("/openapi/v1.json")).ReadObjectAsync();
        JsonObject Parameter(string path, string name) => document["paths"]![path]!["get"]!["parameters"]!.AsArray()
            .Select(p => p!.AsObject()).Single(p => p["name"]!.ToString() == name);

        Parameter("/api/streams", "sort")["schema"]!["enum"]!.AsArray().Select(v => v!.ToString()).ShouldContain("event_count");
        Parameter("/api/streams", "pageSize")["schema"]!["type"]!.ToString().ShouldBe("integer");
        Parameter("/api/proposals", "category")["schema"]!["enum"]!.AsArray().Select(v => v!.ToString())
            .ShouldBe(["unchanged", "formatting", "minor_wording", "substantial_rewrite", "structural_change"]);
        Parameter("/api/proposals", "curated")["schema"]!["type"]!.ToString().ShouldBe("boolean");
        Parameter("/api/proposals", "from")["schema"]!["format"]!.ToString().ShouldBe("date-time");
    }
}
