using Bunit;
using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Projections;
using EventWorkbench.Web.Features.Projections;
using EventWorkbench.Web.Tests.Access;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Npgsql;

namespace EventWorkbench.Web.Tests.Projections;

/// <summary>The shadow page: build with progress, the summary, the changed documents as text with their events, promote and discard.</summary>
public sealed class ShadowPageTests : AccessTestContext, IClassFixture<AccessDatabase>
{
    public ShadowPageTests(AccessDatabase database) : base(database, services =>
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(database.Database.AppConnectionString));
        services.AddSingleton(sp => new ShadowBuilder(sp.GetRequiredService<NpgsqlDataSource>(), SubjectKeyring.Of(database.Store)));
        services.AddSingleton<ShadowBuildJobs>();
        services.AddSingleton(sp => new ShadowPromoter(database.Store, sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddLogging();
    })
    {
    }

    [Fact]
    public async Task A_shadow_of_the_unchanged_projection_says_no_changes_and_discard_leaves_none()
    {
        await AppendAsync($"page-same-{Guid.NewGuid():N}");
        var page = RenderShadowPage();
        page.WaitForAssertion(() => page.Find("[data-testid=shadow-none]").TextContent.ShouldContain("has no shadow"), Wait);

        await page.Find("[data-testid=shadow-build]").ClickAsync(new());

        page.WaitForAssertion(() => page.Find("[data-testid=shadow-no-changes]").TextContent.ShouldContain("No changes"), Wait);
        page.FindAll("[data-testid=shadow-change]").ShouldBeEmpty();
        await page.Find("[data-testid=shadow-discard]").ClickAsync(new());
        page.WaitForAssertion(() => page.Find("[data-testid=shadow-message]").TextContent.ShouldContain("Discarded"), Wait);
        page.Find("[data-testid=shadow-none]").ShouldNotBeNull();
    }

    [Fact]
    public async Task Changed_documents_show_their_fields_as_text_and_link_their_events_and_promote_asks_first()
    {
        var stream = $"page-diff-{Guid.NewGuid():N}";
        await AppendAsync(stream);
        await using (var owner = NpgsqlDataSource.Create(Database.Database.AdminConnectionString))
        await using (var tamper = owner.CreateCommand(
            "UPDATE eventworkbench.mt_doc_proposalreview SET data = jsonb_set(data, '{model}', '\"<b>old</b>\"') WHERE id = @id"))
        {
            tamper.Parameters.AddWithValue("id", $"{stream}/p1");
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        var page = RenderShadowPage();
        page.WaitForAssertion(() => page.Find("[data-testid=shadow-build]").HasAttribute("disabled").ShouldBeFalse(), Wait);

        await page.Find("[data-testid=shadow-build]").ClickAsync(new());

        page.WaitForAssertion(() => page.Find("[data-testid=shadow-counts]").TextContent.ShouldContain("change"), Wait);
        var change = page.FindAll("[data-testid=shadow-change]").Single(c => c.TextContent.Contains(stream, StringComparison.Ordinal));
        var field = change.QuerySelector("[data-testid=shadow-field]")!;
        field.TextContent.ShouldContain("$.model");
        field.TextContent.ShouldContain("\"<b>old</b>\""); // the live value, as text
        field.QuerySelector("b").ShouldBeNull();
        change.QuerySelectorAll("[data-testid=shadow-events] a").Select(a => a.GetAttribute("href"))
            .ShouldBe([$"streams/{stream}?version=1", $"streams/{stream}?version=2"]);

        await page.Find("[data-testid=shadow-promote]").ClickAsync(new());
        page.Find("[data-testid=shadow-confirm]").TextContent.ShouldContain("1 changed");
        await page.Find("[data-testid=shadow-confirm-promote]").ClickAsync(new());

        page.WaitForAssertion(() => page.Find("[data-testid=shadow-message]").TextContent.ShouldContain("Promoted"), Wait);
        await using var session = Database.Store.QuerySession();
        (await session.LoadAsync<EventWorkbench.Review.ProposalReview>($"{stream}/p1"))!.Model.ShouldBe("gpt-x");
    }

    [Fact]
    public async Task Promote_while_another_node_builds_says_so_and_changes_nothing()
    {
        await AppendAsync($"page-elsewhere-{Guid.NewGuid():N}");
        var page = RenderShadowPage();
        page.WaitForAssertion(() => page.Find("[data-testid=shadow-build]").HasAttribute("disabled").ShouldBeFalse(), Wait);
        await page.Find("[data-testid=shadow-build]").ClickAsync(new());
        page.WaitForAssertion(() => page.Find("[data-testid=shadow-promote]").HasAttribute("disabled").ShouldBeFalse(), Wait);
        await AsOwnerAsync($"""
            INSERT INTO {ShadowSchema.Running} (projection, build_id, node, started_by, started_at, heartbeat_at)
            VALUES ('ProposalReview', gen_random_uuid(), 'node-b', 'ben', now(), now())
            """);
        try
        {
            await page.Find("[data-testid=shadow-promote]").ClickAsync(new());
            await page.Find("[data-testid=shadow-confirm-promote]").ClickAsync(new());

            page.WaitForAssertion(() => page.Find("[data-testid=shadow-message]").TextContent.ShouldContain("started by ben on node-b"), Wait);
            page.Find("[data-testid=shadow-message]").TextContent.ShouldContain("nothing was changed");
            page.Find("[data-testid=shadow-promote]").HasAttribute("disabled").ShouldBeTrue();
        }
        finally
        {
            await AsOwnerAsync($"DELETE FROM {ShadowSchema.Running}");
            await Services.GetRequiredService<ShadowPromoter>().DiscardAsync(ShadowedProjection.Find(Database.Store, "ProposalReview")!, "test");
        }
    }

    [Fact]
    public async Task A_build_on_another_node_shows_its_progress_here_as_its_heartbeats_write_it()
    {
        await AsOwnerAsync($"""
            INSERT INTO {ShadowSchema.Running} (projection, build_id, node, started_by, started_at, heartbeat_at, stage, position, of_total)
            VALUES ('ProposalReview', gen_random_uuid(), 'node-b', 'ben', now(), now(), 'rebuilding', 40, 160)
            """);
        try
        {
            var page = RenderShadowPage();
            page.WaitForAssertion(() => page.Markup.ShouldContain("at sequence 40 of 160"), Wait);
            page.Find("[data-testid=shadow-build]").HasAttribute("disabled").ShouldBeTrue();

            await AsOwnerAsync($"UPDATE {ShadowSchema.Running} SET heartbeat_at = now(), position = 120");

            page.WaitForAssertion(() => page.Markup.ShouldContain("at sequence 120 of 160"), Wait);
            page.Find("[data-testid=shadow-progress]").GetAttribute("aria-valuenow").ShouldBe("75");
        }
        finally
        {
            await AsOwnerAsync($"DELETE FROM {ShadowSchema.Running}");
        }
    }

    private async Task AsOwnerAsync(string sql)
    {
        await using var owner = NpgsqlDataSource.Create(Database.Database.AdminConnectionString);
        await using var command = owner.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private IRenderedComponent<ShadowPage> RenderShadowPage()
    {
        Render<MudPopoverProvider>();
        return Render<ShadowPage>(parameters => parameters.Add(p => p.Name, "ProposalReview"));
    }

    private async Task AppendAsync(string stream)
    {
        var appender = new EventAppender(Database.Store, new AppendOptions());
        var request = new AppendRequest(
        [
            Event("interaction_started", new { channel = "chat", product = "support-replies", input = "Where is my parcel?" }),
            Event("proposal_generated", new
            {
                proposalId = "p1", model = "gpt-x", content = "It ships tomorrow.", contentType = "text",
                messages = new[] { new { role = "user", content = "Where is my parcel?" } },
            }),
        ], ExpectedVersion: 0);
        (await appender.AppendAsync(stream, request, new AppendContext("test-client", "api"))).ShouldBeOfType<AppendOutcome.Appended>();
    }

    private static EventEnvelope Event(string type, object data) =>
        new(type, System.Text.Json.JsonSerializer.SerializeToElement(data, EventCatalogue.Output));
}
