using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Pages;

/// <summary>
/// Every address a person can bookmark or share, opened cold at the largest page size over long texts, must come
/// alive: the live connection starts, the page's controls enable, and the browser logs no error. A page whose
/// connection dropped looks the same in a screenshot; only these checks tell. The plain address of each page of the
/// menu is opened live by the accessibility check.
/// </summary>
public sealed class EveryPageComesAliveTests(LongTextsStore store) : IClassFixture<LongTextsStore>
{
    private const string StreamsReady = ".live-badge & .streams-search input:not([disabled])";
    private const string QueueReady = "[data-testid=filter-text]:not([disabled]) & [data-testid=review-total]";
    private const string StreamReady = ".live-badge";
    private const string EventsReady = ".live-badge & .events-text input:not([disabled])";
    private const string ProposalReady = "[data-testid=queue-position][data-keys-ready=true]";
    private const string ExportReady = "[data-testid=export-ratios]:not([disabled]) & [data-testid=export-preview]";
    private const string Long = LongTextsStore.Product;

    /// <summary>
    /// Each page's address with the parameters it reads, one address a page (its plain address is the accessibility
    /// check's), at the largest page size and on 20 KB proposals where the page shows texts, with what shows that the
    /// page is live and usable (" &amp; " separates selectors that must all be visible).
    /// </summary>
    private static readonly (string Address, string Ready)[] Addresses =
    [
        ($"/streams?product={Long}&sort=event_count&descending=false&pageSize=200", StreamsReady),
        ($"/events?type=proposal_generated&type=proposal_edited&text={Long}&pageSize=200", EventsReady),
        ("/streams/team%2Flong-0", StreamReady),
        ($"/review?product={Long}&pageSize=200", QueueReady),
        ("/review?text=refund&sort=similarity&pageSize=200", QueueReady),
        ("/review/team%2Flong-0/p1", ProposalReady),
        ("/review/edited-05", ProposalReady),
        ("/review/p1", "[data-testid=review-ambiguous]"),
        ("/dashboards?from=2026-01-01&product=support-replies", ".live-badge"),
        ("/explore?dimension=week&measure=median_time_to_decision&split=model", "[data-testid=table-toggle]:not([disabled])"),
        ("/why/team%2Flong-0/p1", "[data-testid=why-chain]"),
        ("/evidence?stream=team%2Flong-0", "[data-testid=evidence-links]"),
        ($"/export?format=trl-sft&product={Long}", ExportReady),
        ("/projections/ProposalReview/shadow", "[data-testid=shadow-build]:not([disabled])"),
    ];

    [Fact]
    public async Task Every_bookmarked_address_comes_alive_without_a_console_error()
    {
        await using var session = await BrowserSession.StartAsync(store.App);
        var failures = new List<string>();
        foreach (var (address, ready) in Addresses)
        {
            var page = await session.NewPageAsync(); // a fresh console per address
            try
            {
                await OpenAliveAsync(page, address, ready);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
            await page.CloseAsync();
        }
        failures.ShouldBeEmpty(string.Join("\n\n", failures) + $"\nApp output:\n{store.App.Output}");
    }

    /// <summary>
    /// Every page of the menu comes alive at its plain address with a clean console: the accessibility check opens each
    /// one live (<see cref="Accessibility.AuditedPages"/>), so this holds the menu to that list; the API reference, which
    /// opens in a tab of its own, has its own browser test.
    /// </summary>
    [Fact]
    public async Task Every_page_the_navigation_links_to_is_opened_live_by_the_accessibility_check()
    {
        await using var session = await BrowserSession.StartAsync(store.App);
        var page = session.Page;
        await OpenAliveAsync(page, "/streams", StreamsReady);
        var links = await page.Locator("nav a[href], .mud-navmenu a[href]").EvaluateAllAsync<string[][]>(
            "links => links.map(a => [a.getAttribute('href'), a.getAttribute('target') ?? ''])");

        var workbenchPages = links.Where(link => link[1] != "_blank").Select(link => "/" + link[0].TrimStart('/')).Distinct().ToList();
        workbenchPages.Count.ShouldBeGreaterThan(10);
        var audited = Accessibility.AuditedPages.All.Where(p => !p.Anonymous).Select(p => p.Address).ToHashSet(StringComparer.Ordinal);
        workbenchPages.Where(address => !audited.Contains(address)).ShouldBeEmpty("menu pages the accessibility check does not open live");
    }

    /// <summary>
    /// The pages that never go live (the sign-in form, an address nothing answers) load under the Content-Security-Policy
    /// with no violation: Chromium logs each one as a console error. The API reference, under its own policy, is
    /// checked the same way by its own browser test.
    /// </summary>
    [Fact]
    public async Task The_static_pages_open_under_the_security_policy_without_a_console_error()
    {
        await using var anonymous = await BrowserSession.StartAsync();
        await OpenWithoutErrorsAsync(anonymous.Page, "/signin");
        await Expect(anonymous.Page.Locator("#username")).ToBeVisibleAsync();

        await using var session = await BrowserSession.StartAsync(store.App);
        var page = await session.NewPageAsync();
        var errors = CollectErrors(page);
        var response = await page.GotoAsync(new Uri(store.App.BaseAddress, "/no-such-page").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        response!.Status.ShouldBe(404);
        // Chromium reports the document's own 404 status; anything else (a CSP violation above all) is an error.
        errors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 404", StringComparison.Ordinal))
            .ShouldBeEmpty("the browser console of /no-such-page");
    }

    [Fact]
    public async Task A_page_that_cannot_go_live_says_so_with_a_reload_button_and_the_server_logs_it()
    {
        await using var session = await BrowserSession.StartAsync(store.App);
        var page = session.Page;
        var refused = true;
        await page.RouteAsync("**/_blazor/negotiate**", route => refused ? route.AbortAsync() : route.ContinueAsync());

        await page.GotoAsync(new Uri(store.App.BaseAddress, "/review?pageSize=200").ToString());

        var banner = page.Locator("#circuit-failed");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("could not be started");
        await WaitForAsync(() => store.App.Output.Contains("could not start the live connection of /review?pageSize=200", StringComparison.Ordinal));

        refused = false;
        await banner.GetByRole(AriaRole.Button, new() { Name = "Reload the page" }).ClickAsync();
        await Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync();
        await Expect(banner).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_live_connection_that_starts_after_the_banner_showed_takes_the_banner_away()
    {
        await using var session = await BrowserSession.StartAsync(store.App);
        var page = session.Page;
        await page.Clock.InstallAsync(); // the banner's patience passes at a call, not in real time
        var negotiating = new TaskCompletionSource();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await negotiating.Task; // a server too busy to answer yet
            await route.ContinueAsync();
        });

        await page.GotoAsync(new Uri(store.App.BaseAddress, "/streams/review-0001").ToString());
        await page.Clock.FastForwardAsync("00:16");
        var banner = page.Locator("#circuit-failed");
        await Expect(banner).ToBeVisibleAsync();

        negotiating.SetResult();
        await Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync();
        await Expect(banner).ToBeHiddenAsync();
        await Expect(page.Locator(StreamReady)).ToBeVisibleAsync();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 100)
        {
            waited.ShouldBeLessThan(10_000, "the server should log the browser's report");
            await Task.Delay(100);
        }
    }

    private async Task OpenAliveAsync(IPage page, string address, string ready)
    {
        var errors = CollectErrors(page);
        try
        {
            var response = await page.GotoAsync(new Uri(store.App.BaseAddress, address).ToString());
            response!.Status.ShouldBeLessThan(400, address);
            await Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync();
            foreach (var selector in ready.Split(" & ")) await Expect(page.Locator(selector).First).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(500); // an error on close arrives just after the connection opened
            await Expect(page.Locator("#circuit-failed")).ToBeHiddenAsync();
            errors.ShouldBeEmpty($"the browser console of {address}");
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{address}: {ex.Message.Split('\n')[0]}\nConsole errors: {string.Join("\n", errors)}", ex);
        }
    }

    private async Task OpenWithoutErrorsAsync(IPage page, string address)
    {
        var errors = CollectErrors(page);
        var response = await page.GotoAsync(new Uri(store.App.BaseAddress, address).ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        response!.Status.ShouldBeLessThan(400, address);
        errors.ShouldBeEmpty($"the browser console of {address}");
    }

    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // Chromium reports a response header it cannot read (a Permissions-Policy feature it does not know) as a warning.
            if (message.Type == "error" || message.Text.StartsWith("Error with ", StringComparison.Ordinal)) lock (errors) errors.Add(message.Text);
        };
        page.PageError += (_, error) =>
        {
            lock (errors) errors.Add(error);
        };
        return errors;
    }
}
