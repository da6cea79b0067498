using System.Net;
using System.Net.Http.Json;
using EventWorkbench.Access;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>What each role may open, the 403 page, signing out, and changes to an account reaching its open session.</summary>
public sealed class PageAccessHttpTests(ApiHost host) : IClassFixture<ApiHost>
{
    private AccountAdministration Administration => host.Services.GetRequiredService<AccountAdministration>();

    [Theory]
    [InlineData("/review")]
    [InlineData("/admin/accounts")]
    [InlineData("/admin/api-keys")]
    [InlineData("/admin/access-log")]
    [InlineData("/seals")]
    [InlineData("/projections")]
    [InlineData("/erasure")]
    [InlineData("/export")]
    [InlineData("/datasets")]
    public async Task A_viewer_opening_a_page_of_another_role_gets_403_and_a_page_saying_so(string page)
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = await host.SignedInAsync(viewer);

        var response = await client.GetAsync(page);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Not allowed");
        html.ShouldContain($"<strong>{viewer}</strong> (viewer)");
        html.ShouldContain("sign in as someone else");
    }

    [Fact]
    public async Task A_viewer_may_read_a_proposal_page_without_the_curation_controls()
    {
        var streamId = $"viewer-{Guid.NewGuid():N}"[..20];
        using var api = host.Client(ApiHost.AppendKey);
        var append = await api.PostAsJsonAsync($"/api/streams/{streamId}/events", new
        {
            events = new object[]
            {
                new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input = "hi" } },
                new { type = "proposal_generated", data = new { proposalId = "p1", model = "gpt-x", content = "For reading only.", contentType = "text", messages = new[] { new { role = "user", content = "hi" } } } },
            },
        });
        append.StatusCode.ShouldBe(HttpStatusCode.Created, await append.Content.ReadAsStringAsync());
        using var client = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.Viewer));

        var response = await client.GetAsync($"/review/{streamId}/p1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("For reading only.");
        html.ShouldContain("data-testid=\"curation-current\"");
        html.ShouldNotContain("curate-save");
    }

    [Theory]
    [InlineData(AccessRoles.Viewer, "/streams", "/review")]
    [InlineData(AccessRoles.Viewer, "/dashboards", "/projections")]
    [InlineData(AccessRoles.Viewer, "/explore", "/seals")]
    [InlineData(AccessRoles.Reviewer, "/review", "/admin/accounts")]
    [InlineData(AccessRoles.Auditor, "/admin/access-log", "/admin/api-keys")]
    [InlineData(AccessRoles.MlEngineer, "/export", "/review")]
    [InlineData(AccessRoles.MlEngineer, "/datasets", "/admin/access-log")]
    [InlineData(AccessRoles.Admin, "/admin/api-keys", null)]
    public async Task Each_role_opens_its_pages_and_not_the_others(string role, string allowed, string? refused)
    {
        using var client = await host.SignedInAsync(await host.NewAccountAsync(role));
        (await client.GetAsync(allowed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/streams")).StatusCode.ShouldBe(HttpStatusCode.OK, "every role may view the streams");
        if (refused is not null) (await client.GetAsync(refused)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Signing_out_takes_a_post_with_the_pages_antiforgery_token_ends_the_session_and_is_recorded()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = await host.SignedInAsync(viewer);
        using var forged = new FormUrlEncodedContent(new Dictionary<string, string>());
        (await client.PostAsync(new Uri("/signout", UriKind.Relative), forged)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/streams")).StatusCode.ShouldBe(HttpStatusCode.OK, "a forged sign-out changes nothing");

        var token = await FormSignIn.AntiforgeryTokenAsync(client, "/streams"); // the app bar's sign-out form
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        var response = await client.PostAsync(new Uri("/signout", UriKind.Relative), form);

        response.RedirectTarget().ShouldBe("/signin?signedOut=true");
        (await client.GetAsync("/streams")).RedirectTarget().ShouldStartWith("/signin");
        (await host.AccessLogAsync()).ShouldContain(e => e.Type == "signed_out" && e.Actor == viewer);
    }

    [Fact]
    public async Task A_role_revoked_or_granted_holds_from_the_next_request_of_an_open_session()
    {
        var person = await host.NewAccountAsync(AccessRoles.Reviewer);
        using var client = await host.SignedInAsync(person);
        (await client.GetAsync("/review")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Administration.RevokeAsync(person, AccessRoles.Reviewer, AccessHttp.Admin)).Succeeded.ShouldBeTrue();
        (await client.GetAsync("/review")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await Administration.GrantAsync(person, AccessRoles.Admin, AccessHttp.Admin)).Succeeded.ShouldBeTrue();
        (await client.GetAsync("/admin/accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_reset_ends_the_open_sessions_of_the_account()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = await host.SignedInAsync(viewer);

        (await Administration.ResetPasswordAsync(viewer, "a replaced password", AccessHttp.Admin)).Succeeded.ShouldBeTrue();

        (await client.GetAsync("/streams")).RedirectTarget().ShouldStartWith("/signin");
    }

    [Fact]
    public async Task Pages_take_no_api_key_and_the_api_takes_no_sign_in_cookie()
    {
        using var withKey = host.Client(ApiHost.AdminKey);
        var page = await withKey.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/streams"));
        page.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/signin", "an API key is not a sign-in");

        using var signedIn = await host.SignedInClientAsync();
        (await signedIn.GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
