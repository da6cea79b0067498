using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static EventWorkbench.Web.Tests.Api.RawHttp;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// HEAD over real HTTP: the API's GET endpoints answer 405 with <c>Allow</c> and no body (never running the GET),
/// unknown API addresses 404 as problem+json, and static assets as GET does, without the body. Sent over a socket and
/// read until the server closes it, so a body written after the headers would show.
/// </summary>
public sealed class HeadRequestTests(ApiHost host) : IClassFixture<ApiHost>
{
    private Task<RawResponse> HeadAsync(string path, string? key = null) =>
        SendAsync(host.BaseAddress, Request("HEAD", Ascii(path), key is null ? [] : [Bearer(key)], body: null));

    private static string[] Allowed(RawResponse response) =>
        (response.Header("allow") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order().ToArray();

    [Theory]
    [InlineData("/api/streams", ApiHost.ReadKey, "GET")]
    [InlineData("/api/streams/some-stream", ApiHost.ReadKey, "GET")]
    [InlineData("/api/streams/some-stream/events", ApiHost.ReadKey, "GET,POST")]
    [InlineData("/api/streams/some-stream/state", null, "GET")]
    [InlineData("/api/events", ApiHost.ReadKey, "GET")]
    [InlineData("/api/proposals", ApiHost.ReadKey, "GET")]
    [InlineData("/api/why/some-stream/p1", ApiHost.ReadKey, "GET")]
    [InlineData("/api/evidence/streams/some-stream", ApiHost.AdminKey, "GET")]
    [InlineData("/api/projections", ApiHost.AdminKey, "GET")]
    [InlineData("/api/projections/ProposalReview/shadow", ApiHost.AdminKey, "DELETE,GET,POST")]
    [InlineData("/api/exports", ApiHost.ExportKey, "GET")]
    public async Task Head_on_an_api_get_endpoint_answers_405_with_allow_and_no_body(string path, string? key, string allowed)
    {
        var response = await HeadAsync(path, key);

        response.Status.ShouldBe(405, response.ToString());
        Allowed(response).ShouldBe(allowed.Split(','));
        response.MediaType.ShouldBe("application/problem+json");
        response.Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task Head_on_an_export_runs_no_export()
    {
        using var exporter = host.Client(ApiHost.ExportKey);
        async Task<long> LoggedAsync() => (long)(await exporter.GetFromJsonAsync<JsonObject>("/api/exports?pageSize=1"))!["total"]!;
        var before = await LoggedAsync();

        var response = await HeadAsync("/api/exports/jsonl", ApiHost.ExportKey);

        response.Status.ShouldBe(405, response.ToString());
        Allowed(response).ShouldBe(["GET"]);
        response.Body.ShouldBeEmpty();
        (await LoggedAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api/streams/a/b/c")]
    [InlineData("/api/no-such.css")]
    public async Task Head_on_an_unknown_api_address_answers_404_problem_json_and_no_page(string path)
    {
        var head = await HeadAsync(path, ApiHost.ReadKey);
        var get = await SendAsync(host.BaseAddress, Request("GET", Ascii(path), [Bearer(ApiHost.ReadKey)], body: null));

        (head.Status, get.Status).ShouldBe((404, 404), head.ToString());
        (head.MediaType, get.MediaType).ShouldBe(("application/problem+json", "application/problem+json"));
        head.Body.ShouldBeEmpty();
    }

    // What the assets and a page answered HEAD with before the API's HEAD got its 405.
    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    [InlineData("/signin", "text/html")]
    public async Task Head_on_a_static_asset_or_a_page_answers_200_without_the_body(string path, string mediaType)
    {
        var head = await HeadAsync(path);

        head.Status.ShouldBe(200, head.ToString());
        head.MediaType.ShouldBe(mediaType);
        head.Body.ShouldBeEmpty();
    }
}
