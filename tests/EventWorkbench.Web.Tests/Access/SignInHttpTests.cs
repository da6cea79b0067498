using System.Net;
using EventWorkbench.Access;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>Sign-in through the real form over real Kestrel: cookies, antiforgery, redirects, failures, lockout.</summary>
public sealed class SignInHttpTests(ApiHost host) : IClassFixture<ApiHost>
{
    private const string SameError = "the user name or the password is not right";

    [Theory]
    [InlineData("/streams", "/signin?returnUrl=%2Fstreams")]
    [InlineData("/streams/some-stream", "/signin?returnUrl=%2Fstreams%2Fsome-stream")]
    [InlineData("/review?outcome=rejected", "/signin?returnUrl=%2Freview%3Foutcome%3Drejected")]
    [InlineData("/review/a/b", "/signin?returnUrl=%2Freview%2Fa%2Fb")]
    [InlineData("/review/p1", "/signin?returnUrl=%2Freview%2Fp1")]
    [InlineData("/admin/accounts", "/signin?returnUrl=%2Fadmin%2Faccounts")]
    [InlineData("/admin/api-keys", "/signin?returnUrl=%2Fadmin%2Fapi-keys")]
    [InlineData("/admin/access-log", "/signin?returnUrl=%2Fadmin%2Faccess-log")]
    public async Task An_anonymous_visitor_of_a_page_is_sent_to_sign_in_and_back(string page, string signIn)
    {
        using var anonymous = FormSignIn.NewClient(host.BaseAddress);
        (await anonymous.GetAsync(page)).RedirectTarget().ShouldBe(signIn);
    }

    [Fact]
    public async Task Signing_in_through_the_form_sets_a_session_cookie_and_opens_the_page_asked_for()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var response = await FormSignIn.PostAsync(client, viewer.ToUpperInvariant(), AccessHttp.Password, "/signin?returnUrl=%2Fstreams%3Fpage%3D2");

        response.RedirectTarget().ShouldBe("/streams?page=2");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("EventWorkbench.Session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=lax");
        var page = await client.GetAsync("/streams");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain($">{viewer}<");
        (await host.AccessLogAsync()).ShouldContain(e => e.Type == "signed_in" && e.Actor == viewer);
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = FormSignIn.NewClient(host.BaseAddress);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["Form.UserName"] = viewer, ["Form.Password"] = AccessHttp.Password,
        });

        var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task A_failed_sign_in_says_the_same_whether_the_name_or_the_password_was_wrong()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var wrongPassword = await FormSignIn.PostAsync(client, viewer, "not the password at all");
        var unknownName = await FormSignIn.PostAsync(client, "nobody-" + viewer, AccessHttp.Password);

        foreach (var response in new[] { wrongPassword, unknownName })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.Contains("Set-Cookie").ShouldBeFalse();
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain(SameError);
            html.ShouldNotContain("not the password at all");
            html.ShouldNotContain(AccessHttp.Password);
        }
        (await client.GetAsync("/streams")).RedirectTarget().ShouldStartWith("/signin");
    }

    [Fact]
    public async Task Five_failures_in_a_row_lock_the_account_and_the_right_password_is_then_refused()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = FormSignIn.NewClient(host.BaseAddress);
        for (var i = 0; i < 5; i++) (await FormSignIn.PostAsync(client, viewer, "wrong password " + i)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var right = await FormSignIn.PostAsync(client, viewer, AccessHttp.Password);

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldContain(SameError);
        right.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var log = await host.AccessLogAsync();
        log.ShouldContain(e => e.Type == "account_locked_out" && e.Data.GetProperty("userName").GetString() == viewer);
        log.Count(e => e.Type == "sign_in_failed" && e.Actor == viewer).ShouldBe(6);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("http:evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_address_outside_the_site_is_refused_for_the_streams(string returnUrl)
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var response = await FormSignIn.PostAsync(client, viewer, AccessHttp.Password, $"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");

        response.RedirectTarget().ShouldBe("/streams");
    }

    [Fact]
    public async Task Outside_development_the_published_demo_password_signs_no_one_in()
    {
        var name = $"old-demo-{Guid.NewGuid():N}"[..16];
        var accounts = host.Services.GetRequiredService<AccountAdministration>();
        (await accounts.CreateAsync(name, "workbench-demo", [AccessRoles.Admin], AccessActor.System)).Succeeded.ShouldBeTrue();
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var response = await FormSignIn.PostAsync(client, name, "workbench-demo");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(SameError);
    }
}
