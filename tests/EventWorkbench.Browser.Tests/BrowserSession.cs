using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests;

/// <summary>
/// A browser session in the process's one <see cref="Chromium"/>: a context of its own (cookies, storage, HTTP cache),
/// signed in when given an app, whose pages each have their own console; a second context without the sign-in for what
/// an anonymous visitor sees. Pages of one context share its cache, as the tabs of one browser do, so a page after the
/// first loads the scripts and styles from it. Each demo account signs in through the sign-in form once per app, and
/// later sessions start with that sign-in's cookie, as a returning browser does. Its contexts close with the session.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<(Uri App, string UserName), Lazy<Task<string>>> SignedIn = new();
    private readonly IBrowser _browser;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private IBrowserContext? _signedIn;
    private IBrowserContext? _anonymous;
    private string? _storageState;

    private BrowserSession(IBrowser browser) => _browser = browser;

    public IPage Page { get; private set; } = null!;

    /// <summary>Another page (its own console) in the session's context, with its sign-in if any: for tests that open many addresses.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(anonymous: false);

    /// <summary>Another page in the session's context without its sign-in: what an anonymous visitor sees.</summary>
    public Task<IPage> NewAnonymousPageAsync() => NewPageAsync(anonymous: true);

    private async Task<IPage> NewPageAsync(bool anonymous)
    {
        IBrowserContext context;
        await _opening.WaitAsync();
        try
        {
            context = anonymous
                ? _anonymous ??= await NewContextAsync(_browser, storageState: null)
                : _signedIn ??= await NewContextAsync(_browser, _storageState);
        }
        finally
        {
            _opening.Release();
        }
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Chromium.Patience);
        return page;
    }

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser, string? storageState) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            StorageState = storageState,
        });

    /// <summary>
    /// A browser signed in to <paramref name="signInTo"/> as <paramref name="userName"/> (a demo account, the admin unless
    /// told otherwise), or an anonymous one when <paramref name="signInTo"/> is null. Its <see cref="Page"/> is blank: go
    /// to the address under test first.
    /// </summary>
    public static async Task<BrowserSession> StartAsync(AppProcess? signInTo = null, string userName = AppProcess.DemoAdmin)
    {
        var session = new BrowserSession(await Chromium.GetAsync());
        try
        {
            if (signInTo is not null) session._storageState = await SignedInStateAsync(session, signInTo.BaseAddress, userName);
            session.Page = await session.NewPageAsync();
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return session;
    }

    /// <summary>The cookies of <paramref name="userName"/> signed in to the app at <paramref name="app"/>, signing in once per app and account.</summary>
    private static async Task<string> SignedInStateAsync(BrowserSession session, Uri app, string userName)
    {
        var signIn = SignedIn.GetOrAdd((app, userName), key => new Lazy<Task<string>>(async () =>
        {
            var context = await NewContextAsync(session._browser, storageState: null);
            try
            {
                var page = await context.NewPageAsync();
                page.SetDefaultTimeout(Chromium.Patience);
                await SignInAsync(page, key.App, key.UserName, AppProcess.DemoPassword);
                return await context.StorageStateAsync();
            }
            finally
            {
                await context.CloseAsync();
            }
        }));
        try
        {
            return await signIn.Value;
        }
        catch
        {
            SignedIn.TryRemove(new KeyValuePair<(Uri, string), Lazy<Task<string>>>((app, userName), signIn)); // the next session tries again
            throw;
        }
    }

    /// <summary>Signs <paramref name="page"/> in the way a person does: the form, then Enter.</summary>
    public static async Task SignInAsync(IPage page, Uri baseAddress, string userName, string password)
    {
        await page.GotoAsync(new Uri(baseAddress, "/signin").ToString());
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#password").PressAsync("Enter");
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_signedIn is not null) await _signedIn.CloseAsync();
        if (_anonymous is not null) await _anonymous.CloseAsync();
        _opening.Dispose();
    }
}
