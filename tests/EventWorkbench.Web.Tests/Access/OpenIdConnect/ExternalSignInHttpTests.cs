using System.Net;
using System.Text.RegularExpressions;
using EventWorkbench.Access;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Hosting;

namespace EventWorkbench.Web.Tests.Access.OpenIdConnect;

/// <summary>
/// The whole authorization code flow over real HTTP, against a provider hosted in the test: the sign-in page's
/// button, the redirect to the provider, the code back, its redemption for a signed id token, the session.
/// </summary>
public sealed partial class ExternalSignInHttpTests(ExternalSignInHost host) : IClassFixture<ExternalSignInHost>
{
    [Fact]
    public async Task The_sign_in_page_offers_the_provider_beside_the_local_form()
    {
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var response = await client.GetAsync("/signin");

        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-testid=\"signin-form\"");
        html.ShouldContain($"Sign in with {ExternalSignInHost.DisplayName}");
        SecurityHeadersHttpTests.Policy(response)["form-action"].ShouldBe($"'self' {host.Provider.Authority.GetLeftPart(UriPartial.Authority)}");
    }

    [Fact]
    public async Task A_person_the_provider_vouches_for_gets_a_session_with_the_roles_its_claim_names_and_is_on_the_access_log()
    {
        var name = $"ext-{Guid.NewGuid():N}"[..14];
        host.Provider.NextUser = new ProviderUser($"sub-{name}", name, "viewer", "reviewer", "not-a-workbench-role");
        using var client = LoopbackClients.From(host.BaseAddress, "127.0.0.71");

        var landing = await SignInThroughProviderAsync(client, returnUrl: "/review");

        landing.ShouldBe("/review");
        var page = await client.GetAsync("/review");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain($">{name}<");
        (await client.GetAsync("/admin/accounts")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "no admin role was named");
        var entry = (await host.AccessLogAsync()).First(e => e.Type == "external_signed_in" && e.Actor == name);
        entry.Data.GetProperty("provider").GetString().ShouldBe(ExternalSignInHost.DisplayName);
        entry.Data.GetProperty("subject").GetString().ShouldBe($"sub-{name}");
        entry.Data.GetProperty("fromIp").GetString().ShouldBe("127.0.0.71");
        entry.Data.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["reviewer", "viewer"]);
    }

    [Fact]
    public async Task A_person_with_no_workbench_role_is_signed_in_with_none_and_meets_the_403_page()
    {
        var name = $"ext-{Guid.NewGuid():N}"[..14];
        host.Provider.NextUser = new ProviderUser($"sub-{name}", name);
        using var client = FormSignIn.NewClient(host.BaseAddress);

        (await SignInThroughProviderAsync(client, returnUrl: "/streams")).ShouldBe("/streams");

        var page = await client.GetAsync("/streams");
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.Content.ReadAsStringAsync()).ShouldContain(name);
        (await host.AccessLogAsync()).ShouldContain(e => e.Type == "external_signed_in" && e.Actor == name);
    }

    [Fact]
    public async Task A_refusal_at_the_provider_leads_back_to_the_sign_in_page_saying_so_and_is_on_the_access_log()
    {
        host.Provider.NextUser = null;
        using var client = LoopbackClients.From(host.BaseAddress, "127.0.0.72");

        var landing = await SignInThroughProviderAsync(client, returnUrl: "/streams");

        landing.ShouldBe("/signin?externalFailed=true");
        (await client.GetStringAsync(landing)).ShouldContain($"Sign-in with {ExternalSignInHost.DisplayName} did not complete");
        (await client.GetAsync("/streams")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "no session");
        var entry = (await host.AccessLogAsync()).First(e => e.Type == "external_sign_in_failed" && e.Data.GetProperty("fromIp").GetString() == "127.0.0.72");
        entry.Data.GetProperty("reason").GetString()!.ShouldContain("access_denied");
    }

    [Fact]
    public async Task An_id_token_signed_with_a_key_the_provider_does_not_publish_signs_no_one_in()
    {
        var name = $"ext-{Guid.NewGuid():N}"[..14];
        host.Provider.NextUser = new ProviderUser($"sub-{name}", name, "admin");
        host.Provider.SignWithAStrangersKey = true;
        try
        {
            using var client = LoopbackClients.From(host.BaseAddress, "127.0.0.73");

            (await SignInThroughProviderAsync(client, returnUrl: "/admin/accounts")).ShouldBe("/signin?externalFailed=true");

            (await client.GetAsync("/admin/accounts")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await host.AccessLogAsync()).ShouldNotContain(e => e.Type == "external_signed_in" && e.Actor == name);
            (await host.AccessLogAsync()).ShouldContain(e => e.Type == "external_sign_in_failed" && e.Data.GetProperty("fromIp").GetString() == "127.0.0.73");
        }
        finally
        {
            host.Provider.SignWithAStrangersKey = false;
        }
    }

    [Fact]
    public async Task The_external_button_without_its_antiforgery_token_is_refused_and_reaches_no_provider()
    {
        using var client = FormSignIn.NewClient(host.BaseAddress);

        var response = await client.PostAsync(new Uri("/signin/external", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/streams" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("This form was refused");
    }

    /// <summary>
    /// Presses the sign-in page's provider button, follows the provider's redirects as a browser does, and returns
    /// where the app finally sends the person (path and query).
    /// </summary>
    private async Task<string> SignInThroughProviderAsync(HttpClient client, string returnUrl)
    {
        var html = await client.GetStringAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var form = ExternalForm().Match(html);
        form.Success.ShouldBeTrue("the sign-in page has the provider's form");
        var token = WebUtility.HtmlDecode(TokenField().Match(form.Value).Groups[1].Value);
        var start = await client.PostAsync(new Uri("/signin/external", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = WebUtility.HtmlDecode(ReturnUrlField().Match(form.Value).Groups[1].Value),
        }));
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect, await start.Content.ReadAsStringAsync());
        var authorize = start.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Authority).ShouldBe(host.Provider.Authority.GetLeftPart(UriPartial.Authority));

        using var browserAtProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await browserAtProvider.GetAsync(authorize);
        back.StatusCode.ShouldBe(HttpStatusCode.Redirect, await back.Content.ReadAsStringAsync());
        var callback = back.Headers.Location!;
        callback.AbsolutePath.ShouldBe("/signin-oidc");

        var done = await client.GetAsync(callback.PathAndQuery);
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        return done.Headers.Location!.OriginalString;
    }

    [GeneratedRegex("<form[^>]*data-testid=\"external-signin-form\"[\\s\\S]*?</form>")]
    private static partial Regex ExternalForm();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
