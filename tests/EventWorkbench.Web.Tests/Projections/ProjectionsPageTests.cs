using Bunit;
using EventWorkbench.Projections;
using EventWorkbench.Web.Features.Projections;
using EventWorkbench.Web.Tests.Access;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EventWorkbench.Web.Tests.Projections;

/// <summary>The projections page: the table of every projection, a rebuild confirmed in a dialog, its progress bar and the history.</summary>
public sealed class ProjectionsPageTests : AccessTestContext, IClassFixture<AccessDatabase>
{
    public ProjectionsPageTests(AccessDatabase database) : base(database, services =>
    {
        services.AddSingleton(new LagTrends());
        services.AddSingleton(new RebuildLog(database.Store));
        services.AddSingleton(sp => new ProjectionRebuilds(database.Store, sp.GetRequiredService<RebuildLog>()));
        services.AddSingleton(sp => new ProjectionCatalogue(database.Store, sp.GetRequiredService<ProjectionRebuilds>(), sp.GetRequiredService<LagTrends>()));
    })
    {
    }

    [Fact]
    public void The_table_lists_every_registered_projection_with_its_figures_and_a_shadow_rebuild_link()
    {
        var page = RenderPage<ProjectionsPage>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=projection-name]").ShouldNotBeEmpty(), Wait);
        var names = page.FindAll("[data-testid=projection-name] strong").Select(n => n.TextContent).ToList();
        names.ShouldBe(RegisteredProjections.Names(Database.Store), ignoreOrder: true);
        var account = page.FindAll("tr").First(r => r.TextContent.Contains("Account", StringComparison.Ordinal));
        var accountName = account.QuerySelector("[data-testid=projection-name]")!.TextContent;
        accountName.ShouldNotContain("documents:"); // its documents are named as it is: not said twice
        account.QuerySelector("[data-testid=projection-description]")!.TextContent.ShouldStartWith("One per user name");
        page.FindAll("[data-testid=projection-description]").Count.ShouldBe(names.Count);
        account.QuerySelector("[data-testid=projection-position]")!.TextContent.ShouldContain("inline: the high-water mark");
        account.QuerySelector("[data-testid=projection-state-chip]")!.TextContent.ShouldBe("running");
        account.QuerySelector("[data-testid=lag-trend]")!.GetAttribute("aria-label").ShouldNotBeNullOrEmpty();
        account.QuerySelector("[data-testid=shadow-link]")!.GetAttribute("href").ShouldEndWith("/shadow");
        page.FindAll("[data-testid=rebuild]").Count.ShouldBe(names.Count);
    }

    [Fact]
    public async Task A_rebuild_is_confirmed_in_a_dialog_then_shows_its_progress_and_lands_in_the_history()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage<ProjectionsPage>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=rebuild]").ShouldNotBeEmpty(), Wait);
        var name = AccountRow(page).QuerySelector("[data-testid=projection-name] strong")!.TextContent;

        // The page refreshes every second: find and click in one go. The click's handler awaits the dialog's
        // result, so it ends only once the dialog is answered: answer it before awaiting the click.
        var clicked = page.InvokeAsync(() => AccountRow(page).QuerySelector("[data-testid=rebuild]")!.ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm]"), Wait);
        dialogs.Markup.ShouldContain($"Rebuild {name}?");
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm]").ClickAsync(new()));
        await clicked.WaitAsync(Wait);

        page.WaitForAssertion(() => page.Find("[data-testid=projections-message]").TextContent.ShouldContain($"Started rebuilding {name}"), Wait);
        page.WaitForAssertion(() => AccountRow(page).QuerySelector("[data-testid=rebuild-figures]")!.TextContent.ShouldStartWith("Done"), Wait);
        AccountRow(page).QuerySelector("[data-testid=rebuild-progress] [role=progressbar]")!.GetAttribute("aria-valuenow").ShouldBe("100");
        page.WaitForAssertion(() => page.FindAll("[data-testid=rebuild-record]").ShouldNotBeEmpty(), Wait);
        page.FindAll("[data-testid=rebuild-record]")[0].TextContent.ShouldContain(AccessDatabase.Admin);
    }

    [Fact]
    public async Task A_rebuild_asked_for_while_something_else_holds_the_projection_says_so_and_starts_nothing()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage<ProjectionsPage>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=rebuild]").ShouldNotBeEmpty(), Wait);
        var name = AccountRow(page).QuerySelector("[data-testid=projection-name] strong")!.TextContent;
        // What an erasure holds while it folds a subject's streams again: the projection's rebuild claim.
        await using var erasure = new Npgsql.NpgsqlConnection(Database.Database.AdminConnectionString);
        await erasure.OpenAsync();
        await using (var hold = new Npgsql.NpgsqlCommand($"select pg_advisory_lock(hashtext('eventworkbench-rebuild:{name}'))", erasure))
            await hold.ExecuteNonQueryAsync();

        var clicked = page.InvokeAsync(() => AccountRow(page).QuerySelector("[data-testid=rebuild]")!.ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm]"), Wait);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm]").ClickAsync(new()));
        await clicked.WaitAsync(Wait);

        page.WaitForAssertion(() => page.Find("[data-testid=projections-message]").TextContent.ShouldContain($"{name} is being changed right now"), Wait);
        (await Services.GetRequiredService<ProjectionRebuilds>().FindAsync(name))?.State.ShouldNotBe(RebuildState.Running);
    }

    [Fact]
    public async Task Dismissing_the_dialog_starts_nothing()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage<ProjectionsPage>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=rebuild]").ShouldNotBeEmpty(), Wait);

        // The click's handler awaits the dialog's result: it ends once the dialog is dismissed.
        var clicked = page.InvokeAsync(() => page.FindAll("[data-testid=rebuild]")[0].ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=dismiss]"), Wait);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=dismiss]").ClickAsync(new()));
        await clicked.WaitAsync(Wait);

        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid=dismiss]").ShouldBeEmpty(), Wait);

        page.FindAll("[data-testid=projections-message]").ShouldBeEmpty();
        (await Services.GetRequiredService<ProjectionRebuilds>().ListAsync()).Where(j => j.State == RebuildState.Running).ShouldBeEmpty();
    }

    [Fact]
    public async Task Resuming_a_rebuild_that_failed_before_it_changed_anything_says_it_starts_again_from_the_first_event()
    {
        const string Projection = "ModelScorecard";
        await using (var session = Database.Store.LightweightSession())
        {
            var at = DateTimeOffset.UtcNow;
            session.Store(new RebuildJob
            {
                Id = Projection, By = AccessDatabase.Admin, Node = "elsewhere", StartedAt = at, RunStartedAt = at, UpdatedAt = at, FinishedAt = at,
                State = RebuildState.Failed, Error = "A transaction open since before the rebuild started is still open after 30 s",
            });
            await session.SaveChangesAsync();
        }
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage<ProjectionsPage>();
        AngleSharp.Dom.IElement Row() => page.FindAll("tr").First(r => r.TextContent.Contains(Projection, StringComparison.Ordinal));
        page.WaitForAssertion(() => Row().QuerySelector("[data-testid=resume-rebuild]").ShouldNotBeNull(), Wait);
        Row().QuerySelector("[data-testid=rebuild-figures]")!.TextContent.ShouldContain("still open after 30 s");
        Row().QuerySelector("[data-testid=projection-failure]").ShouldBeNull("it failed on no event: the progress line says why, once");

        var clicked = page.InvokeAsync(() => Row().QuerySelector("[data-testid=resume-rebuild]")!.ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=dismiss]"), Wait);
        dialogs.Markup.ShouldContain("The rebuild stopped before it changed anything, so it starts again from the first event.");
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=dismiss]").ClickAsync(new()));
        await clicked.WaitAsync(Wait);
    }

    private static AngleSharp.Dom.IElement AccountRow(IRenderedComponent<ProjectionsPage> page) =>
        page.FindAll("tr").First(r => r.TextContent.Contains("Account", StringComparison.Ordinal));
}
