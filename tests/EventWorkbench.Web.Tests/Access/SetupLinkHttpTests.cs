using System.Net;
using System.Text.RegularExpressions;
using EventWorkbench.Testing;

namespace EventWorkbench.Web.Tests.Access;

public sealed partial class SetupLinkHttpTests(SetupHost host) : IClassFixture<SetupHost>
{
    private static Dictionary<string, string> SetupForm(string token, string name, string password, string confirm) => new()
    {
        ["_handler"] = "setup", ["__RequestVerificationToken"] = token,
        ["Form.UserName"] = name, ["Form.Password"] = password, ["Form.ConfirmPassword"] = confirm,
    };

    [Fact]
    public async Task The_set_up_link_in_the_log_creates_the_first_admin_once()
    {
        var logged = host.Log.Select(line => SetupPath().Match(line)).FirstOrDefault(m => m.Success);
        logged.ShouldNotBeNull($"a set-up link in the log:\n{string.Join("\n", host.Log)}");
        logged.Value.ShouldStartWith(host.BaseAddress.ToString().TrimEnd('/'));
        var path = new Uri(logged.Value).AbsolutePath;
        using var client = FormSignIn.NewClient(host.BaseAddress);
        (await client.GetAsync("/setup/not-the-token")).StatusCode.ShouldBe(HttpStatusCode.Gone);

        var token = await FormSignIn.AntiforgeryTokenAsync(client, path);
        using (var differ = new FormUrlEncodedContent(SetupForm(token, "first.admin", "a long first password", "another password!")))
        {
            var refused = await client.PostAsync(new Uri(path, UriKind.Relative), differ);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("The two passwords differ");
        }

        using (var form = new FormUrlEncodedContent(SetupForm(token, "First.Admin", "a long first password", "a long first password")))
        {
            var created = await client.PostAsync(new Uri(path, UriKind.Relative), form);
            created.RedirectTarget().ShouldBe("/admin/accounts");
        }
        (await client.GetAsync("/admin/accounts")).StatusCode.ShouldBe(HttpStatusCode.OK, "the new admin is signed in");

        using var again = FormSignIn.NewClient(host.BaseAddress);
        var used = await again.GetAsync(path);
        used.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await used.Content.ReadAsStringAsync()).ShouldContain("This set-up link is not valid");
        using (var second = new FormUrlEncodedContent(SetupForm(
                   await FormSignIn.AntiforgeryTokenAsync(again, "/signin"), "second.admin", "a long first password", "a long first password")))
        {
            // The page no longer holds the form: the post is refused before anything is decided.
            (await again.PostAsync(new Uri(path, UriKind.Relative), second)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        (await FormSignIn.PostAsync(again, "second.admin", "a long first password")).StatusCode.ShouldBe(HttpStatusCode.OK, "no second admin");
        (await FormSignIn.PostAsync(again, "first.admin", "a long first password")).RedirectTarget().ShouldBe("/streams");
    }

    [GeneratedRegex(@"http://[^\s]+/setup/[0-9a-f]{48}")]
    private static partial Regex SetupPath();
}
