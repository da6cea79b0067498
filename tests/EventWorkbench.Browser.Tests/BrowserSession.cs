using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests;

/// <summary>Headless Chromium with one page, closed with the session; signed in through the sign-in form when given an app.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const float Timeout = 30_000;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private string? _storageState;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

    public IPage Page { get; }

    /// <summary>Another page in a context of its own (its own console; the session's sign-in cookie, if any), for tests that open many addresses.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(_storageState);

    /// <summary>Another page in a context of its own without the session's sign-in: what an anonymous visitor sees.</summary>
    public Task<IPage> NewAnonymousPageAsync() => NewPageAsync(storageState: null);

    private async Task<IPage> NewPageAsync(string? storageState)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            StorageState = storageState,
        });
        page.SetDefaultTimeout(Timeout);
        return page;
    }

    /// <summary>
    /// A browser signed in to <paramref name="signInTo"/> as <paramref name="userName"/> (a demo account, the admin unless
    /// told otherwise), or an anonymous one when <paramref name="signInTo"/> is null.
    /// </summary>
    public static async Task<BrowserSession> StartAsync(AppProcess? signInTo = null, string userName = AppProcess.DemoAdmin)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        page.SetDefaultTimeout(Timeout);
        var session = new BrowserSession(playwright, browser, page);
        if (signInTo is not null)
        {
            await SignInAsync(page, signInTo.BaseAddress, userName, AppProcess.DemoPassword);
            session._storageState = await page.Context.StorageStateAsync();
        }
        return session;
    }

    /// <summary>Signs <paramref name="page"/> in the way a person does: the form, then Enter.</summary>
    public static async Task SignInAsync(IPage page, Uri baseAddress, string userName, string password)
    {
        await page.GotoAsync(new Uri(baseAddress, "/signin").ToString());
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#password").PressAsync("Enter");
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"), new() { Timeout = Timeout });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
