using AngleSharp.Dom;
using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Web.Features.Erasure;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using Npgsql;

namespace EventWorkbench.Web.Tests.Erasure;

/// <summary>The erasure page on a real database: the preview of the subject in the address, erasing once confirmed, the past erasures, admins only.</summary>
public sealed class ErasurePageTests : AccessTestContext, IClassFixture<AccessDatabase>
{
    public ErasurePageTests(AccessDatabase database) : base(database, services =>
    {
        // Made by the container, so it is disposed with it.
        services.AddSingleton(_ => SubjectErasure.OwnerDataSource(database.Database.AdminConnectionString));
        services.AddSingleton(sp => new SubjectErasure(database.Store, sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IHostApplicationLifetime>(new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance));
        services.AddSingleton<ErasureRuns>();
        services.AddSingleton(new SubjectDirectory(database.Store));
    })
    {
    }

    [Fact]
    public async Task The_subject_in_the_address_is_looked_up_with_its_events_streams_and_live_keys()
    {
        var subject = await AppendInteractionsAsync(streams: 2);

        var page = RenderAt(ErasurePage.HrefFor(subject));

        page.WaitForAssertion(() => page.Find("[data-testid=preview-events]").TextContent.ShouldBe("4"), Wait);
        page.Find("[data-testid=preview-streams]").TextContent.ShouldBe("2");
        page.Find("[data-testid=preview-keys]").TextContent.ShouldBe("1");
        page.Find("[data-testid=preview-earlier]").TextContent.Trim().ShouldBe("none");
        Field(page, "subject-id").GetAttribute("value").ShouldBe(subject);
        page.Find("[data-testid=erase]").HasAttribute("disabled").ShouldBeTrue("no reason given yet");
    }

    [Fact]
    public async Task An_unknown_subject_is_said_plainly_and_an_id_that_is_not_one_says_why()
    {
        var page = RenderAt("/erasure?subject=nobody-at-all");

        page.WaitForAssertion(() => page.Find("[data-testid=erasure-unknown]").TextContent
            .ShouldContain("No event names subject nobody-at-all and no key was made for it"), Wait);
        page.FindAll("[data-testid=erase]").ShouldBeEmpty();

        await page.InvokeAsync(() => Field(page, "subject-id").Input("a\u200Bb"));
        await page.InvokeAsync(() => page.Find("[data-testid=erasure-lookup]").Submit());

        page.WaitForAssertion(() => page.Find("[data-testid=lookup-problem]").TextContent.ShouldContain("ZERO WIDTH SPACE"), Wait);
        page.FindAll("[data-testid=erasure-unknown]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Looking_up_the_beginning_of_an_id_lists_the_subjects_it_begins_and_links_each()
    {
        var prefix = $"lookup-{Guid.NewGuid():N}"[..20];
        foreach (var suffix in new[] { "-b", "-a" }) await AppendInteractionsAsync(streams: 1, subject: prefix + suffix);

        var page = RenderAt(ErasurePage.HrefFor(prefix));

        page.WaitForAssertion(() => page.FindAll("[data-testid=subject-link]").Count.ShouldBe(2), Wait);
        page.Find("[data-testid=erasure-unknown]").TextContent.ShouldContain($"No event names subject {prefix}");
        page.Find("[data-testid=subjects-starting-with]").TextContent.ShouldContain($"Subjects whose id begins with {prefix}:");
        page.FindAll("[data-testid=subject-link]").Select(a => (a.TextContent, a.GetAttribute("href")))
            .ShouldBe([(prefix + "-a", ErasurePage.HrefFor(prefix + "-a")), (prefix + "-b", ErasurePage.HrefFor(prefix + "-b"))]);

        var known = RenderAt(ErasurePage.HrefFor(prefix + "-a"));
        known.WaitForAssertion(() => known.Find("[data-testid=preview-events]").TextContent.ShouldBe("2"), Wait);
        known.FindAll("[data-testid=subjects-starting-with]").ShouldBeEmpty("a subject found by its whole id lists no others");
    }

    [Fact]
    public async Task Erasing_asks_for_confirmation_naming_the_subject_then_lists_the_erasure()
    {
        var subject = await AppendInteractionsAsync(streams: 1);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderAt(ErasurePage.HrefFor(subject));
        page.WaitForAssertion(() => page.Find("[data-testid=preview-events]").TextContent.ShouldBe("2"), Wait);
        await page.InvokeAsync(() => Field(page, "erasure-reason").Input("Asked to be forgotten <b>now</b>"));

        // The click's handler awaits the dialog's result: answer it before awaiting the click.
        var clicked = page.InvokeAsync(() => page.Find("[data-testid=erase]").ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-erase]"), Wait);
        dialogs.Markup.ShouldContain($"Erase data subject {subject}?");
        dialogs.Find("[data-testid=erase-dialog-scope]").TextContent.ShouldContain("2 events in 1 stream");
        dialogs.Markup.ShouldContain("irreversibly");
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-erase]").ClickAsync(new()));
        await clicked.WaitAsync(Wait);

        page.WaitForAssertion(() => page.Find("[data-testid=erasure-message]").TextContent.ShouldContain($"Erased data subject {subject}: 2 events in 1 stream"), Wait);
        page.Find("[data-testid=already-erased]").ShouldNotBeNull();
        page.Find("[data-testid=preview-keys]").TextContent.ShouldBe("0");
        var record = page.FindAll("[data-testid=erasure-record]")[0];
        record.TextContent.ShouldContain(subject);
        record.TextContent.ShouldContain(AccessDatabase.Admin);
        record.QuerySelector(".erasure-reason")!.TextContent.ShouldBe("Asked to be forgotten <b>now</b>", "the reason is text, never markup");
        record.QuerySelector("b").ShouldBeNull();
        record.TextContent.ShouldNotContain("pending");
    }

    [Fact]
    public async Task Dismissing_the_dialog_erases_nothing()
    {
        var subject = await AppendInteractionsAsync(streams: 1);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderAt(ErasurePage.HrefFor(subject));
        page.WaitForAssertion(() => page.Find("[data-testid=preview-keys]").TextContent.ShouldBe("1"), Wait);
        await page.InvokeAsync(() => Field(page, "erasure-reason").Input("Changed my mind"));

        var clicked = page.InvokeAsync(() => page.Find("[data-testid=erase]").ClickAsync(new()));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=dismiss]"), Wait);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=dismiss]").ClickAsync(new()));
        await clicked.WaitAsync(Wait);

        page.FindAll("[data-testid=erasure-message]").ShouldBeEmpty();
        (await Services.GetRequiredService<SubjectErasure>().PreviewAsync(subject)).LiveKeys.ShouldBe(1);
    }

    [Fact]
    public void A_person_holding_every_role_but_admin_is_refused_the_page()
    {
        // Before anything renders: the circuit's authentication state is read once.
        ((SignedInAs)Services.GetRequiredService<AuthenticationStateProvider>())
            .Account("vera", AccessRoles.Viewer, AccessRoles.Auditor, AccessRoles.Reviewer, AccessRoles.MlEngineer);

        var refused = RenderRoute();

        refused.WaitForAssertion(() => refused.Find("[data-testid=refused]"), Wait);
        refused.Markup.ShouldNotContain("Erase a data subject");
    }

    [Fact]
    public void An_admin_reaches_the_page_through_the_same_authorization()
    {
        var allowed = RenderRoute();

        allowed.WaitForAssertion(() => allowed.Markup.ShouldContain("Erase a data subject"), Wait);
        allowed.FindAll("[data-testid=refused]").ShouldBeEmpty();
    }

    /// <summary>The page as the router shows it: through <see cref="AuthorizeRouteView"/> and the page's own [Authorize] policy.</summary>
    private IRenderedComponent<AuthorizeRouteView> RenderRoute()
    {
        Render<MudPopoverProvider>();
        return Render<AuthorizeRouteView>(p => p
            .Add(v => v.RouteData, new RouteData(typeof(ErasurePage), new Dictionary<string, object?>()))
            .Add(v => v.NotAuthorized, _ => "<p data-testid=\"refused\">Not allowed</p>"));
    }

    private IRenderedComponent<ErasurePage> RenderAt(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return RenderPage<ErasurePage>();
    }

    private static IElement Field<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    /// <summary>Interactions whose <c>interaction_started</c> names the subject (a fresh one if none is given), appended the way the API does; the subject.</summary>
    private async Task<string> AppendInteractionsAsync(int streams, string? subject = null)
    {
        subject ??= $"page-subject-{Guid.NewGuid():N}"[..24];
        var appender = new EventAppender(Database.Store, new AppendOptions());
        for (var i = 0; i < streams; i++)
        {
            await SeedStreams.Append(appender, $"erasure-page-{Guid.NewGuid():N}", "bot", "corr-erasure",
                SeedStreams.Event("interaction_started", new { channel = "chat", subjectId = subject, input = "My name is Ada Lovelace" }),
                SeedStreams.Proposal("p1", "It ships tomorrow, Ada."));
        }
        return subject;
    }
}
