using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventWorkbench.Browser.Tests.History;

/// <summary>An auditor's way through the app: from a decision to its causal chain, the evidence pack only for those who may, and the seals.</summary>
[Collection(SharedApp.Name)]
public sealed class AuditInBrowserTests(AppProcess app)
{

    [Fact]
    public async Task A_decision_event_opens_its_why_view_and_a_viewer_sees_the_chain_but_cannot_open_its_evidence_pack()
    {
        var streamId = $"why-{Guid.NewGuid():N}"[..20];
        await app.AppendAsync(streamId,
            new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input = "Where is my parcel?" } },
            new
            {
                type = "proposal_generated",
                data = new
                {
                    proposalId = "p1", model = "gpt-x", content = "It ships tomorow.", contentType = "text",
                    messages = new[] { new { role = "user", content = "Where is my parcel?" } },
                },
            },
            new { type = "proposal_edited", data = new { proposalId = "p1", editor = "ana.editor", content = "It ships tomorrow." } },
            new { type = "proposal_accepted", data = new { proposalId = "p1", by = "lee.decider" } });

        await using (var admin = await BrowserSession.StartAsync(app))
        {
            var page = admin.Page;
            await RunAsync(page, async () =>
            {
                await page.GotoAsync(Url($"/streams/{streamId}?version=4"));
                await page.Locator("article.event-current [data-testid=event-why]").ClickAsync();
                await Expect(page).ToHaveURLAsync(new Regex($"/why/{streamId}/p1$"));
                await Expect(page.Locator("[data-testid=why-people]")).ToContainTextAsync("ana.editor");
                await Expect(page.Locator("[data-testid=why-people]")).ToContainTextAsync("lee.decider");
                await Expect(page.Locator("[data-testid=why-chain]")).ToContainTextAsync("It ships tomorow."); // the AI content, then the edit as a delta
                await Expect(page.Locator("[data-testid=why-evidence]")).ToBeVisibleAsync();
            });
        }

        await using var viewer = await BrowserSession.StartAsync(app, "viewer");
        var viewerPage = viewer.Page;
        await RunAsync(viewerPage, async () =>
        {
            await viewerPage.GotoAsync(Url($"/why/{streamId}/p1"));
            await Expect(viewerPage.Locator("[data-testid=why-people]")).ToContainTextAsync("lee.decider");
            await Expect(viewerPage.Locator("[data-testid=why-evidence]")).ToHaveCountAsync(0);

            var response = await viewerPage.GotoAsync(Url($"/evidence?stream={streamId}"));
            response!.Status.ShouldBe(403);
            await Expect(viewerPage.Locator("h1")).ToHaveTextAsync("Not allowed");
            (await viewerPage.Locator("[data-testid=evidence-links]").CountAsync()).ShouldBe(0);
            var pack = await viewerPage.APIRequest.GetAsync(Url($"/api/evidence/streams/{streamId}"));
            pack.Status.ShouldBe(403);
            (await pack.TextAsync()).ShouldNotContain("It ships tomorrow.");
        });
    }

    [Fact]
    public async Task An_auditor_seals_the_log_and_verifies_it_from_the_seals_page()
    {
        await app.AppendAsync($"sealed-{Guid.NewGuid():N}"[..20],
            new { type = "interaction_started", data = new { channel = "chat", product = "support-replies", input = "Seal me." } });

        await using var auditor = await BrowserSession.StartAsync(app, "auditor");
        var page = auditor.Page;
        await RunAsync(page, async () =>
        {
            await page.GotoAsync(Url("/seals"));
            var sealNow = page.Locator("[data-testid=seal-now]:not([disabled])");
            await sealNow.ClickAsync();
            await Expect(page.Locator("[data-testid=seal-message]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=seal-row]").First).ToBeVisibleAsync();

            await page.Locator("[data-testid=verify]:not([disabled])").ClickAsync();
            await Expect(page.Locator("[data-testid=verdict]")).ToContainTextAsync("Intact");
        });
    }

    private string Url(string path) => new Uri(app.BaseAddress, path).ToString();

    private async Task RunAsync(IPage page, Func<Task> steps)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.Contains("403", StringComparison.Ordinal)) errors.Add(message.Text); };
        try
        {
            await steps();
            errors.ShouldBeEmpty();
        }
        catch (Exception ex) when (ex is PlaywrightException or ShouldAssertException)
        {
            throw new InvalidOperationException($"{ex.Message}\nPage: {page.Url}\nApp output:\n{app.Output}", ex);
        }
    }
}
