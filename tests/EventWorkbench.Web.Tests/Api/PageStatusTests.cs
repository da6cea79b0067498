using System.Net;
using EventWorkbench.Testing;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>The pages' status codes as a browser, a crawler or a link checker receives them: the prerendered response.</summary>
public sealed class PageStatusTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private HttpClient? _browser;

    /// <summary>A browser signed in as the admin, who may open every page; redirects are not followed.</summary>
    private async Task<HttpClient> BrowserAsync() =>
        _browser ??= await FormSignIn.SignedInClientAsync(host.BaseAddress, ApiHost.AdminUser, ApiHost.AdminPassword);

    private async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path)
    {
        var response = await (await BrowserAsync()).GetAsync(path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_known_stream_and_its_proposal_answer_200()
    {
        var stream = NewStreamId();
        (await _writer.PostEventsAsync(stream, Batch(Started(), Proposal("p1")))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await GetAsync($"/streams/{stream}")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetAsync($"/review/{stream}/p1")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_stream_page_answers_404_and_still_says_which_stream_is_missing()
    {
        var (response, html) = await GetAsync("/streams/no-such-%3Cb%3Estream%3C%2Fb%3E");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("Stream not found");
        html.ShouldContain("There is no stream &#x27;no-such-&lt;b&gt;stream&lt;/b&gt;&#x27;.");
        html.ShouldContain("EventWorkbench</h6>"); // in the layout
    }

    [Theory]
    [InlineData("/review/no-such-stream/p1", "There is no proposal &#x27;p1&#x27; in stream &#x27;no-such-stream&#x27;.")]
    [InlineData("/review/no-such-proposal-id", "There is no proposal &#x27;no-such-proposal-id&#x27;.")]
    public async Task An_unknown_proposal_page_answers_404_and_still_says_which_proposal_is_missing(string path, string message)
    {
        var (response, html) = await GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        html.ShouldContain("Proposal not found");
        html.ShouldContain(message);
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/streams/a/b/c")]
    public async Task An_unknown_address_shows_the_workbench_not_found_page_with_404(string path)
    {
        var (response, html) = await GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("Nothing here");
        html.ShouldContain("href=\"streams\"");
        html.ShouldContain("EventWorkbench</h6>");
    }

    [Fact]
    public async Task An_unknown_api_address_still_answers_problem_json_404()
    {
        var response = await (await BrowserAsync()).GetAsync("/api/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("/", HttpStatusCode.Found)]
    [InlineData("/streams", HttpStatusCode.OK)]
    [InlineData("/review", HttpStatusCode.OK)]
    [InlineData("/streams/no-such-stream", HttpStatusCode.NotFound)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    public async Task Head_of_a_page_answers_as_get_without_a_body(string path, HttpStatusCode status)
    {
        using var head = await (await BrowserAsync()).SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        using var get = await (await BrowserAsync()).GetAsync(path);

        (head.StatusCode, get.StatusCode).ShouldBe((status, status));
        head.Content.Headers.ContentType?.MediaType.ShouldBe(get.Content.Headers.ContentType?.MediaType);
        head.Headers.Location.ShouldBe(get.Headers.Location);
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }
}
