using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Access;

public sealed partial class SignInInBrowserTests(AppProcess app) : IClassFixture<AppProcess>
{
    private const float Timeout = 30_000;

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
                await Expect(page).ToHaveURLAsync(SignInAddress(), new() { Timeout = Timeout });
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

            await Expect(page).ToHaveURLAsync(new Regex(@"/review\?outcome=rejected$"), new() { Timeout = Timeout });
            await Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync(new() { Timeout = Timeout });
            await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync("reviewer");
            await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync(["reviewer"]);
            await Expect(page.Locator(".mud-navmenu a")).ToHaveTextAsync(["Streams", "Review", "API reference"]);

            await page.GetByTestId("sign-out").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\?signedOut=true$"), new() { Timeout = Timeout });
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You signed out.");
            await page.GotoAsync(Url("/review"));
            await Expect(page).ToHaveURLAsync(SignInAddress());
        });
    }

    [Fact]
    public async Task A_viewer_cannot_open_the_admin_pages_and_is_told_so()
    {
        await using var session = await BrowserSession.StartAsync(app, "viewer");
        var page = session.Page;
        await RunAsync(page, async () =>
        {
            await Expect(page.Locator(".mud-navmenu a")).ToHaveTextAsync(["Streams", "API reference"], new() { Timeout = Timeout });
            foreach (var address in new[] { "/admin/accounts", "/admin/api-keys", "/admin/access-log", "/review" })
            {
                var response = await page.GotoAsync(Url(address));
                response!.Status.ShouldBe(403, address);
                await Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync(new() { Timeout = Timeout });
                await Expect(page.Locator("h1")).ToHaveTextAsync("Not allowed"); // the live page says so too
                await Expect(page.Locator(".mud-alert")).ToContainTextAsync("signed in as viewer (viewer)");
                (await page.Locator("[data-testid=accounts], [data-testid=api-keys], [data-testid=access-log]").CountAsync()).ShouldBe(0);
            }
        });
    }

    [GeneratedRegex(@"/signin\?returnUrl=")]
    private static partial Regex SignInAddress();
}
