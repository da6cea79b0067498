using System.Net;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Api;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>Every answer carries the security headers, over real HTTP: pages, the API, errors, static files.</summary>
public sealed class SecurityHeadersHttpTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Theory]
    [InlineData("/signin", HttpStatusCode.OK)]
    [InlineData("/streams", HttpStatusCode.Redirect)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/api/streams", HttpStatusCode.Unauthorized)]
    [InlineData("/api/no-such-endpoint", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/app.css", HttpStatusCode.OK)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    public async Task Every_answer_carries_the_security_headers_and_the_tight_policy(string address, HttpStatusCode status)
    {
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var response = await client.GetAsync(address);

        response.StatusCode.ShouldBe(status);
        ShouldHoldTheCommonHeaders(response);
        var csp = Policy(response);
        csp["default-src"].ShouldBe("'self'");
        csp["script-src"].ShouldStartWith("'self' 'nonce-");
        csp["script-src"].ShouldNotContain("unsafe");
        csp["style-src"].ShouldBe("'self' 'unsafe-inline'");
        csp["connect-src"].ShouldBe("'self'");
        csp["img-src"].ShouldBe("'self' data:");
        csp["frame-ancestors"].ShouldBe("'none'");
        csp["base-uri"].ShouldBe("'self'");
        csp["form-action"].ShouldBe("'self'");
        csp["object-src"].ShouldBe("'none'");
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_own_response()
    {
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var response = await client.GetAsync("/signin");

        var nonce = Policy(response)["script-src"].Split(' ').Single(s => s.StartsWith("'nonce-", StringComparison.Ordinal))["'nonce-".Length..^1];
        var html = await response.Content.ReadAsStringAsync();
        // The page writes the nonce HTML-encoded ('+' as &#x2B;); the browser reads the decoded value.
        var written = System.Text.RegularExpressions.Regex.Match(html, "<script type=\"importmap\" nonce=\"([^\"]*)\">");
        written.Success.ShouldBeTrue("the import map carries a nonce");
        System.Net.WebUtility.HtmlDecode(written.Groups[1].Value).ShouldBe(nonce);
        html.ShouldNotContain("<script>"); // no other inline script
    }

    [Fact]
    public async Task The_api_reference_has_a_looser_policy_of_its_own_that_still_keeps_everything_on_this_origin()
    {
        using var client = host.Client();

        var response = await client.GetAsync("/api/reference");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldHoldTheCommonHeaders(response);
        var csp = Policy(response);
        csp["default-src"].ShouldBe("'self'");
        csp["script-src"].ShouldBe("'self' 'unsafe-inline'");
        csp["connect-src"].ShouldBe("'self'");
        csp["frame-ancestors"].ShouldBe("'none'");
        csp.Values.ShouldAllBe(sources => !sources.Contains("http", StringComparison.Ordinal) && !sources.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_http_gets_no_strict_transport_security()
    {
        using var client = host.Client();

        var response = await client.GetAsync("/signin");

        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    private static void ShouldHoldTheCommonHeaders(HttpResponseMessage response)
    {
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "X-Frame-Options").ShouldBe("DENY", StringCompareShould.IgnoreCase);
        Header(response, "Referrer-Policy").ShouldBe("strict-origin-when-cross-origin");
        Header(response, "Cross-Origin-Opener-Policy").ShouldBe("same-origin");
        Header(response, "Permissions-Policy").ShouldContain("camera=()");
        Header(response, "Permissions-Policy").ShouldContain("geolocation=()");
    }

    /// <summary>The Content-Security-Policy as directive → sources.</summary>
    public static Dictionary<string, string> Policy(HttpResponseMessage response) =>
        Header(response, "Content-Security-Policy").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new ShouldAssertException($"{response.RequestMessage!.RequestUri}: no {name} header");
}
