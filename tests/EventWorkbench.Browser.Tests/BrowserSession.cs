using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests;

/// <summary>
/// A browser session in the process's one <see cref="Chromium"/>: a page in a context of its own (cookies, storage,
/// console), signed in when given an app; its contexts close with the session. Each demo account signs in through the
/// sign-in form once per app, and later sessions start with that sign-in's cookie, as a returning browser does.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const float Timeout = 30_000;
    private static readonly ConcurrentDictionary<(Uri App, string UserName), Lazy<Task<string>>> SignedIn = new();
    private readonly IBrowser _browser;
    private readonly List<IBrowserContext> _contexts = [];
    private string? _storageState;

    private BrowserSession(IBrowser browser) => _browser = browser;

    public IPage Page { get; private set; } = null!;

    /// <summary>Another page in a context of its own (its own console; the session's sign-in cookie, if any), for tests that open many addresses.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(_storageState);

    /// <summary>Another page in a context of its own without the session's sign-in: what an anonymous visitor sees.</summary>
    public Task<IPage> NewAnonymousPageAsync() => NewPageAsync(storageState: null);

    private async Task<IPage> NewPageAsync(string? storageState)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            StorageState = storageState,
        });
        lock (_contexts) _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        return page;
    }

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
            var page = await session.NewAnonymousPageAsync();
            await SignInAsync(page, key.App, key.UserName, AppProcess.DemoPassword);
            var state = await page.Context.StorageStateAsync();
            await page.Context.CloseAsync();
            return state;
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
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"), new() { Timeout = Timeout });
    }

    public async ValueTask DisposeAsync()
    {
        IBrowserContext[] contexts;
        lock (_contexts) contexts = [.. _contexts];
        foreach (var context in contexts) await context.CloseAsync();
    }
}
