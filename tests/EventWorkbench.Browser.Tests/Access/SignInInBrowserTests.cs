using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Access;

[Collection(SharedApp.Name)]
public sealed partial class SignInInBrowserTests(AppProcess app)
{

    private string Url(string path) => new Uri(app.BaseAddress, path).ToString();

    private async Task RunAsync(IPage page, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }

    [Fact]
    public async Task An_anonymous_browser_sees_only_the_sign_in_page()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        await RunAsync(page, async () =>
        {
            foreach (var address in new[] { "/", "/streams", "/streams/review-0001", "/review", "/review/edited-05", "/admin/accounts", "/admin/api-keys", "/admin/access-log" })
            {
                await page.GotoAsync(Url(address));
                await Expect(page).ToHaveURLAsync(SignInAddress());
                await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
                (await page.Locator(".mud-navmenu, .mud-appbar, .mud-table").CountAsync()).ShouldBe(0, $"{address} shows nothing of the workbench");
            }
            await Expect(page.GetByTestId("demo-accounts")).ToContainTextAsync("Development");
            await Expect(page.GetByTestId("demo-password")).ToHaveTextAsync(AppProcess.DemoPassword);
        });
    }

    [Fact]
    public async Task A_demo_account_signs_in_with_Enter_lands_where_it_was_going_and_signs_out()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        await RunAsync(page, async () =>
        {
            await page.GotoAsync(Url("/review?outcome=rejected"));
            await Expect(page).ToHaveURLAsync(SignInAddress());
            await page.Locator("#username").FillAsync("reviewer");
            await page.Locator("#password").FillAsync("not the password");
            await page.Locator("#password").PressAsync("Enter");
            await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("the user name or the password is not right");
            await Expect(page.Locator("#password")).ToHaveValueAsync("");

            await page.Locator("#password").FillAsync(AppProcess.DemoPassword);
            await page.Locator("#password").PressAsync("Enter");

            await Expect(page).ToHaveURLAsync(new Regex(@"/review\?outcome=rejected$"));
            await Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync();
            await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync("reviewer");
            await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync(["reviewer"]);
            await Expect(page.Locator(".mud-navmenu a")).ToHaveTextAsync(["Streams", "Event search", "Review", "Dashboards", "Explore", "API reference"]);

            await page.GetByTestId("sign-out").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\?signedOut=true$"));
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You signed out.");
            await page.GotoAsync(Url("/review"));
            await Expect(page).ToHaveURLAsync(SignInAddress());
        });
    }

    [Fact]
    public async Task An_anonymous_browser_opening_a_proposal_ends_on_the_sign_in_page_without_a_circuit_and_sends_no_curation()
    {
        var (streamId, proposalId) = await AnyProposalAsync();
        var labelsBefore = await LabelCountAsync(streamId, proposalId);
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        await RunAsync(page, async () =>
        {
            await page.GotoAsync(Url($"/review/{Uri.EscapeDataString(streamId)}/{Uri.EscapeDataString(proposalId)}"));
            await Expect(page).ToHaveURLAsync(SignInAddress());
            await page.Keyboard.PressAsync("i");
            await page.Keyboard.PressAsync("x");
            await page.WaitForTimeoutAsync(1000);

            (await page.Locator("[data-testid=curation], [data-testid=curate-save]").CountAsync()).ShouldBe(0);
            sockets.ShouldNotContain(url => url.Contains("_blazor"), "the sign-in page opens no live circuit");
            (await LabelCountAsync(streamId, proposalId)).ShouldBe(labelsBefore);
        });
    }

    [Fact]
    public async Task A_viewer_reads_a_proposal_without_curation_controls_and_its_keys_label_nothing()
    {
        var (streamId, proposalId) = await AnyProposalAsync();
        var labelsBefore = await LabelCountAsync(streamId, proposalId);
        await using var session = await BrowserSession.StartAsync(app, "viewer");
        var page = session.Page;
        await RunAsync(page, async () =>
        {
            var response = await page.GotoAsync(Url($"/review/{Uri.EscapeDataString(streamId)}/{Uri.EscapeDataString(proposalId)}"));
            response!.Status.ShouldBe(200);
            await Expect(page.Locator("[data-keys-ready=true]")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("curation-current")).ToBeVisibleAsync();
            (await page.Locator("[data-testid=curate-include], [data-testid=curate-exclude], [data-testid=curate-save]").CountAsync()).ShouldBe(0);

            await page.Keyboard.PressAsync("i");
            await Expect(page.GetByTestId("key-message")).ToContainTextAsync("needs the reviewer role");
            (await LabelCountAsync(streamId, proposalId)).ShouldBe(labelsBefore);
        });
    }

    [Fact]
    public async Task A_viewer_cannot_open_the_admin_pages_or_the_review_queue_and_is_told_so()
    {
        await using var session = await BrowserSession.StartAsync(app, "viewer");
        var page = session.Page;
        await RunAsync(page, async () =>
        {
            await page.GotoAsync(Url("/"));
            await Expect(page.Locator(".mud-navmenu a")).ToHaveTextAsync(["Streams", "Event search", "Dashboards", "Explore", "API reference"]);
            foreach (var address in new[] { "/admin/accounts", "/admin/api-keys", "/admin/access-log", "/review" })
            {
                var response = await page.GotoAsync(Url(address));
                response!.Status.ShouldBe(403, address);
                await Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync();
                await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed"); // the live page says so too
                await Expect(page.Locator(".mud-alert")).ToContainTextAsync("signed in as viewer (viewer)");
                (await page.Locator("[data-testid=accounts], [data-testid=api-keys], [data-testid=access-log]").CountAsync()).ShouldBe(0);
            }
        });
    }

    private async Task<(string StreamId, string ProposalId)> AnyProposalAsync()
    {
        var page = await app.Api.GetFromJsonAsync<JsonElement>("/api/proposals?pageSize=1");
        var proposal = page.GetProperty("items")[0];
        return (proposal.GetProperty("streamId").GetString()!, proposal.GetProperty("proposalId").GetString()!);
    }

    private async Task<int> LabelCountAsync(string streamId, string proposalId)
    {
        var detail = await app.Api.GetFromJsonAsync<JsonElement>(
            $"/api/proposals/{Uri.EscapeDataString(proposalId)}?streamId={Uri.EscapeDataString(streamId)}");
        return detail.GetProperty("review").GetProperty("curationHistory").GetArrayLength();
    }

    [GeneratedRegex(@"/signin\?returnUrl=")]
    private static partial Regex SignInAddress();
}
