using System.Net;
using EventWorkbench.Access;
using EventWorkbench.Testing;
using EventWorkbench.Web.Hosting;
using EventWorkbench.Web.Tests.Api;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>The forms that change something refuse a post without their antiforgery token, readably, and write nothing.</summary>
public sealed class AntiforgeryHttpTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task A_sign_in_post_without_the_token_gets_a_readable_400_and_leaves_no_trace_on_the_access_log()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = FormSignIn.NewClient(host.BaseAddress);
        await FormSignIn.AntiforgeryTokenAsync(client, "/signin"); // the antiforgery cookie is there; the form field is not
        var before = (await host.AccessLogAsync()).Count;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["Form.UserName"] = viewer, ["Form.Password"] = "a wrong password",
        });

        var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form);

        await ShouldBeReadableRefusalAsync(response);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await host.AccessLogAsync()).Count.ShouldBe(before, "no sign_in_failed, no lockout count");
    }

    [Fact]
    public async Task A_sign_out_post_without_the_token_gets_a_readable_400_keeps_the_session_and_writes_nothing()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = await host.SignedInAsync(viewer);
        var before = (await host.AccessLogAsync()).Count;

        var response = await client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent([]));

        await ShouldBeReadableRefusalAsync(response);
        (await host.AccessLogAsync()).Count.ShouldBe(before, "no signed_out event");
        (await client.GetAsync("/streams")).StatusCode.ShouldBe(HttpStatusCode.OK, "the session goes on");
    }

    [Fact]
    public async Task A_sign_out_post_with_a_token_from_another_session_is_refused_too()
    {
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var client = await host.SignedInAsync(viewer);
        using var stranger = FormSignIn.NewClient(host.BaseAddress);
        var foreignToken = await FormSignIn.AntiforgeryTokenAsync(stranger, "/signin");
        var before = (await host.AccessLogAsync()).Count;

        var response = await client.PostAsync(new Uri("/signout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = foreignToken }));

        await ShouldBeReadableRefusalAsync(response);
        (await host.AccessLogAsync()).Count.ShouldBe(before);
    }

    private static async Task ShouldBeReadableRefusalAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("This form was refused");
        html.ShouldContain("Nothing was done");
        html.ShouldContain(WorkbenchIcon.Link); // or Chromium asks for /favicon.ico, which is not served
        html.ShouldNotContain("Exception");
    }
}
