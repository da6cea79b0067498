using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.Dashboards;

/// <summary>
/// The dashboards and the explorer in a real browser: Plotly draws the charts, the table holds the same numbers, the theme
/// choice outlives a reload, and a bar of the explorer opens its proposals in the review queue.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class DashboardsInBrowserTests(AppProcess app)
{

    /// <summary>The async daemon fills the analytics documents after the append; the live page reads them again within this.</summary>
    private const float ProjectionTimeout = 90_000;

    [Fact]
    public async Task A_dashboard_chart_draws_and_its_table_shows_the_same_numbers()
    {
        var product = Unique("dash");
        await AppendDecidedAsync(product, "dash-model", accepted: true);
        await AppendDecidedAsync(product, "dash-model", accepted: false);

        await using var viewer = await BrowserSession.StartAsync(app, "viewer");
        var page = viewer.Page;
        await RunAsync(page, async () =>
        {
            await page.GotoAsync(Url($"/dashboards?product={product}"));
            var card = page.Locator("[data-chart=acceptance-rate]");
            await Expect(card.Locator("svg.main-svg").First).ToBeVisibleAsync(new() { Timeout = ProjectionTimeout });
            // The daemon may fold the two proposals in different batches; the live chart redraws once both are in.
            var plotted = await PlottedOnce(card, traces => traces is [{ Y: [0.5] }]);
            plotted.Select(t => t.Name).ShouldBe(["dash-model"]);
            plotted[0].Y.ShouldBe([0.5]);

            await card.Locator("[data-testid=table-toggle]").ClickAsync();

            var table = card.Locator("[data-testid=chart-table]");
            await Expect(table.Locator("thead th")).ToHaveTextAsync(["Day", .. plotted.Select(t => t.Name)]);
            var rows = plotted[0].X.Select((label, i) => $"{label}|{string.Concat(plotted.Select(t => "|" + Share(t.Y[i])))[1..]}").ToList();
            var shown = await table.Locator("tbody tr").EvaluateAllAsync<string[]>(
                "rows => rows.map(r => Array.from(r.children).map(c => c.textContent.trim()).join('|'))");
            shown.ShouldBe(rows);
            shown.ShouldBe([$"{DateTimeOffset.UtcNow:yyyy-MM-dd}|50.0%"]);

            // By week: the step is chosen on the page, lands in the address, and the table names the week by its Monday.
            await page.Locator("[data-testid=filter-per]").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Week" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/dashboards\\?product={product}&per=week$"));
            await Expect(page.Locator("[data-chart=events-per-day] h2")).ToHaveTextAsync("Events per week");
            var weekly = page.Locator("[data-chart=acceptance-rate] [data-testid=chart-table]");
            if (!await weekly.IsVisibleAsync()) await page.Locator("[data-chart=acceptance-rate] [data-testid=table-toggle]").ClickAsync();
            await Expect(weekly.Locator("thead th").First).ToHaveTextAsync("Week (from Monday)");
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            await Expect(weekly.Locator("tbody tr")).ToHaveTextAsync([new Regex($"^{monday:yyyy-MM-dd}\\s*50\\.0%$")]);
        });
    }

    [Fact]
    public async Task The_theme_switch_turns_the_page_dark_and_the_choice_survives_a_reload()
    {
        await using var viewer = await BrowserSession.StartAsync(app, "viewer");
        var page = viewer.Page;
        await RunAsync(page, async () =>
        {
            await page.GotoAsync(Url("/dashboards"));
            var layout = page.Locator(".mud-layout");
            await Expect(layout).ToHaveClassAsync(new Regex(@"\btheme-light\b"));

            await page.Locator("[data-testid=theme-switch]:not([disabled])").ClickAsync();
            await Expect(layout).ToHaveClassAsync(new Regex(@"\btheme-dark\b"));
            await page.WaitForFunctionAsync("() => document.cookie.includes('ewb-theme=dark')", null); // written just after the repaint

            await page.ReloadAsync();
            await Expect(layout).ToHaveClassAsync(new Regex(@"\btheme-dark\b"));

            await page.Locator("[data-testid=theme-switch]:not([disabled])").ClickAsync();
            await Expect(layout).ToHaveClassAsync(new Regex(@"\btheme-light\b"));
            await page.WaitForFunctionAsync("() => document.cookie.includes('ewb-theme=light')", null);
            await page.ReloadAsync();
            await Expect(layout).ToHaveClassAsync(new Regex(@"\btheme-light\b"));
        });
    }

    [Fact]
    public async Task A_reviewer_clicking_a_bar_of_the_explorer_opens_the_review_queue_filtered_to_it()
    {
        var product = Unique("expl");
        await AppendDecidedAsync(product, "expl-model", accepted: true);

        await using var reviewer = await BrowserSession.StartAsync(app, "reviewer");
        var page = reviewer.Page;
        await RunAsync(page, async () =>
        {
            await page.GotoAsync(Url($"/explore?dimension=model&measure=count&product={product}"));
            var bar = page.Locator("[data-chart=explore] .bars .point path").First;
            await Expect(bar).ToBeVisibleAsync(new() { Timeout = ProjectionTimeout });
            (await Plotted(page.Locator("[data-chart=explore]"))).Select(t => (t.X.Single(), t.Y.Single())).ShouldBe([("expl-model", (double?)1)]);

            // The click handler is subscribed once Plotly has drawn: click until the page goes.
            var queue = new Regex($"/review\\?product={product}&model=expl-model$");
            for (var attempt = 0; attempt < 20 && !queue.IsMatch(page.Url); attempt++)
            {
                await bar.ClickAsync(new() { Force = true });
                try
                {
                    await page.WaitForURLAsync(queue, new() { Timeout = 1_000 });
                }
                catch (TimeoutException)
                {
                    // not subscribed yet
                }
            }
            await Expect(page).ToHaveURLAsync(queue);
            await Expect(page.Locator("a.review-link")).ToHaveTextAsync([new Regex("/ p1$")]);
        });
    }

    private async Task AppendDecidedAsync(string product, string model, bool accepted)
    {
        var streamId = Unique("dash-s");
        await app.AppendAsync(streamId,
            new { type = "interaction_started", data = new { channel = "chat", product, input = "How do I reset it?" } },
            new
            {
                type = "proposal_generated",
                data = new
                {
                    proposalId = "p1", model, content = "Hold the button for ten seconds.", contentType = "text",
                    messages = new[] { new { role = "user", content = "How do I reset it?" } },
                },
            },
            accepted
                ? new { type = "proposal_accepted", data = new { proposalId = "p1", by = "lee.decider" } }
                : (object)new { type = "proposal_rejected", data = new { proposalId = "p1", by = "lee.decider", reason = "wrong" } });
    }

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private sealed record Trace(string Name, string[] X, double?[] Y);

    /// <summary>What Plotly drew: each trace's name, labels and values, read from the chart's own div.</summary>
    private static async Task<List<Trace>> Plotted(ILocator card)
    {
        var json = await card.Locator(".js-plotly-plot").EvaluateAsync<string>(
            "el => JSON.stringify(el.data.map(t => ({ name: t.name, x: t.x.map(String), y: t.y })))");
        return JsonSerializer.Deserialize<List<Trace>>(json, WebJson)!;
    }

    /// <summary>What Plotly drew once it shows what <paramref name="expected"/> accepts, or at the timeout, to be asserted on.</summary>
    private static async Task<List<Trace>> PlottedOnce(ILocator card, Func<List<Trace>, bool> expected)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(ProjectionTimeout);
        var plotted = await Plotted(card);
        while (!expected(plotted) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            plotted = await Plotted(card);
        }
        return plotted;
    }

    private static string Share(double? value) =>
        value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private string Url(string path) => new Uri(app.BaseAddress, path).ToString();

    private async Task RunAsync(IPage page, Func<Task> steps)
    {
        var errors = ConsoleErrors.Collect(page);
        try
        {
            await steps();
            errors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException or TimeoutException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }
}
