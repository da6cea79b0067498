using AngleSharp.Dom;
using Bunit;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Review;
using EventWorkbench.Web.Tests.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Review;

public sealed class ReviewPageTests(ReviewDatabase database) : ReviewTestContext(database), IClassFixture<ReviewDatabase>
{
    [Fact]
    public void Inline_diff_puts_deleted_words_in_del_and_inserted_words_in_ins()
    {
        var page = RenderReview(ReviewDatabase.Edited);

        var inline = page.FindAll("[data-testid=delta-text]")[0];
        var deleted = string.Concat(inline.QuerySelectorAll("del").Select(e => e.TextContent));
        var inserted = string.Concat(inline.QuerySelectorAll("ins").Select(e => e.TextContent));
        deleted.ShouldContain("tomorrow");
        deleted.ShouldContain("Berlin");
        deleted.ShouldNotContain("parcel");
        inserted.ShouldContain("Thursday");
        inserted.ShouldContain("Hamburg");
        inserted.ShouldNotContain("tomorrow");
        inline.TextContent.ShouldContain("The parcel ships ");
        page.Find("[data-testid=metric-category]").TextContent.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Every_edit_is_shown_step_by_step_with_editor_comment_and_its_own_diff()
    {
        var page = RenderReview(ReviewDatabase.Edited);

        var steps = page.FindAll("[data-testid=edit-step]");
        steps.Count.ShouldBe(2);
        steps.Select(s => s.QuerySelector(".edit-editor")!.TextContent).ShouldBe(["agent.tom", "agent.ana"]);
        steps[0].QuerySelector(".edit-comment")!.TextContent.ShouldContain("date");
        string.Concat(steps[1].QuerySelectorAll("del").Select(e => e.TextContent)).ShouldBe("Berlin");
        string.Concat(steps[1].QuerySelectorAll("ins").Select(e => e.TextContent)).ShouldBe("Hamburg");
    }

    [Fact]
    public void Side_by_side_shows_the_ai_text_with_deletions_and_the_final_text_with_insertions()
    {
        var page = RenderReview(ReviewDatabase.Edited);
        ShowSideBySide(page);

        var sides = page.FindAll(".delta-sides [data-testid=delta-text]");
        sides[0].TextContent.ShouldBe("The parcel ships tomorrow from Berlin.");
        sides[1].TextContent.ShouldBe("The parcel ships on Thursday from Hamburg.");
        sides[0].QuerySelectorAll("ins").ShouldBeEmpty();
        sides[1].QuerySelectorAll("del").ShouldBeEmpty();
    }

    [Fact]
    public void Html_script_markdown_links_and_control_characters_render_as_inert_text()
    {
        var page = RenderReview(ReviewDatabase.Hostile);

        page.FindAll("script, img, b, i, iframe").ShouldBeEmpty();
        page.FindAll("a[href^='javascript']").ShouldBeEmpty();
        page.Markup.ShouldNotContain("<script>");
        page.Markup.ShouldNotContain("<img");
        ShowSideBySide(page);
        var sides = page.FindAll(".delta-sides [data-testid=delta-text]");
        sides[0].TextContent.ShouldContain("Hi <script>alert(1)</script> see [click](javascript:alert(2))");
        sides[1].TextContent.ShouldContain("Hi <img src=x onerror=alert(3)> see [click](javascript:alert(2))");
        sides[1].TextContent.ShouldContain("BELbell"); // the BEL shows as a badge instead of vanishing
        sides[0].QuerySelectorAll(".invisible-char").Select(e => e.TextContent).ShouldBe(["BEL", "ESC"]);
        page.FindAll("script, img, a[href^='javascript']").ShouldBeEmpty();
        page.Find(".edit-editor").TextContent.ShouldBe("<b>mallory</b>");
        page.Find("[data-testid=prompt-messages]").TextContent.ShouldContain("You are <b>helpful</b>.");
    }

    [Fact]
    public void Json_content_gets_a_structural_diff_by_path()
    {
        var page = RenderReview(ReviewDatabase.Json);

        var rows = page.FindAll("[data-testid=json-changes] tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToArray()).ToList();
        rows.ShouldContain(r => r[0] == "$.age" && r[1] == "changed" && r[2] == "30" && r[3] == "31");
        rows.ShouldContain(r => r[0] == "$.city" && r[1] == "added" && r[3] == "\"Porto\"");
    }

    [Fact]
    public async Task Curating_from_the_delta_view_appends_example_curated_as_the_signed_in_person_and_shows_it_in_the_history()
    {
        SignedIn.Account("ml.eng", EventWorkbench.Access.AccessRoles.Reviewer);
        var page = RenderReview(ReviewDatabase.Pending);

        page.Find("[data-testid=curate-include]").Click();
        page.Find("[data-testid=curate-tags] input, input[data-testid=curate-tags]").Change("good, short");
        page.Find("[data-testid=curate-save]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=curation-message]").TextContent.ShouldBe("Labelled include."), Wait);
        page.WaitForAssertion(() => page.Find("[data-testid=curation-history]").TextContent.ShouldContain("ml.eng"), Wait);
        page.Find("[data-testid=curation-history] .verdict").TextContent.ShouldBe("include");
        var review = await Database.Proposals.GetAsync(ReviewDatabase.Pending, "p1");
        review!.Curation!.Verdict.ShouldBe(CurationVerdict.Include);
        review.Curation.By.ShouldBe("ml.eng");
        review.Curation.Tags.ShouldBe(["good", "short"]);
        (await Database.CurationRowsAsync(ReviewDatabase.Pending)).ShouldBe([("ml.eng", "ml.eng", "ui")]); // the stored event's actor
    }

    [Fact]
    public async Task Curating_a_proposal_that_changed_since_it_was_opened_says_so_and_reloads()
    {
        var page = RenderReview(ReviewDatabase.Rejected);
        await SeedStreams.Append(Database.Appender, ReviewDatabase.Rejected, "someone", "corr-late",
            SeedStreams.Event("feedback_given", new { proposalId = "p1", by = "customer", rating = -1, tags = Array.Empty<string>() }));

        // The page does not refresh itself: it still holds the version it opened, so the label below meets the late
        // append. Each button is found and clicked in one step on the renderer, after the render the click before caused.
        await page.InvokeAsync(() => page.Find("[data-testid=curate-exclude]").Click());
        await page.InvokeAsync(() => page.Find("[data-testid=curate-save]").Click());

        page.WaitForAssertion(() => page.Find("[data-testid=curation-message]").TextContent.ShouldContain("changed since you opened it"), Wait);
        (await Database.Proposals.GetAsync(ReviewDatabase.Rejected, "p1"))!.CurationHistory.ShouldBeEmpty();

        await page.InvokeAsync(() => page.Find("[data-testid=curate-save]").Click()); // reloaded: now the label goes through
        page.WaitForAssertion(() => page.Find("[data-testid=curation-message]").TextContent.ShouldBe("Labelled exclude."), Wait);
        (await Database.Proposals.GetAsync(ReviewDatabase.Rejected, "p1"))!.Curation!.Verdict.ShouldBe(CurationVerdict.Exclude);
    }

    [Fact]
    public async Task A_viewer_reads_the_proposal_and_its_labels_but_gets_no_curation_controls_and_i_writes_nothing()
    {
        await Database.Seed("rv-viewer", "support-replies", ReviewDatabase.Generated("p1", "Read, not label."),
            SeedStreams.Event("example_curated", new { proposalId = "p1", by = "ml.ana", verdict = "include" }));
        SignedIn.Account("just.a.viewer", EventWorkbench.Access.AccessRoles.Viewer);

        var page = RenderReview("rv-viewer");

        page.Find("[data-testid=delta-text]").TextContent.ShouldContain("Read, not label.");
        page.Find("[data-testid=curation-current] .verdict").TextContent.ShouldBe("include");
        page.FindAll("[data-testid=curate-include], [data-testid=curate-exclude], [data-testid=curate-save], [data-testid=curate-tags]").ShouldBeEmpty();
        page.Find("[data-testid=queue-position]").TextContent.ShouldNotContain("include/exclude");
        page.FindAll("[data-testid=back-to-queue]").ShouldBeEmpty(); // the queue is for reviewers: the way back leads to the streams
        page.Find("[data-testid=back-to-streams]").GetAttribute("href").ShouldBe("streams");

        await page.InvokeAsync(() => page.Instance.OnKey("i")); // the shortcut still reaches the page: the action refuses it
        page.WaitForAssertion(() => page.Find("[data-testid=key-message]").TextContent.ShouldBe(CurationAction.NotAllowedMessage), Wait);
        (await Database.CurationRowsAsync("rv-viewer")).Select(row => row.By).ShouldBe(["ml.ana"]); // only the seeded label
    }

    [Fact]
    public async Task An_admin_curates_too_as_the_signed_in_admin()
    {
        await Database.Seed("rv-admin", "support-replies", ReviewDatabase.Generated("p1", "Admin labels it."));
        SignedIn.Account("ada.admin", EventWorkbench.Access.AccessRoles.Admin);
        var page = RenderReview("rv-admin");

        page.Find("[data-testid=curate-exclude]").Click();
        page.Find("[data-testid=curate-save]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=curation-message]").TextContent.ShouldBe("Labelled exclude."), Wait);
        (await Database.CurationRowsAsync("rv-admin")).ShouldBe([("ada.admin", "ada.admin", "ui")]);
    }

    [Fact]
    public async Task An_edit_after_a_rejection_is_a_step_not_a_final_version_as_in_the_api()
    {
        await Database.Seed("rv-rejected-then-edited", "support-replies", ReviewDatabase.Generated("p1", "Draft."),
            ReviewDatabase.Decided("proposal_rejected", "p1"), ReviewDatabase.Edit("p1", "agent.tom", "Rewritten later.", null));

        var page = RenderReview("rv-rejected-then-edited");

        page.Find("h2").TextContent.ShouldContain("no final human version");
        page.FindAll("[data-testid=metric-similarity]").ShouldBeEmpty();
        page.Find("[data-testid=edit-step]").TextContent.ShouldContain("Rewritten later.");
        (await Database.Proposals.GetAsync("rv-rejected-then-edited", "p1"))!.Similarity.ShouldBeNull();
    }

    [Fact]
    public void Rendered_before_the_circuit_is_up_its_controls_are_disabled_so_no_click_is_lost()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var page = Render<ReviewPage>(p => p.Add(x => x.StreamId, ReviewDatabase.Edited).Add(x => x.ProposalId, "p1"));
        page.WaitForAssertion(() => page.FindAll("[data-testid=delta-text]").ShouldNotBeEmpty(), Wait);

        page.FindAll("button.mud-toggle-item").ShouldAllBe(b => b.HasAttribute("disabled"));
        page.Find("[data-testid=curate-include]").HasAttribute("disabled").ShouldBeTrue();
        page.Find("[data-testid=curate-exclude]").HasAttribute("disabled").ShouldBeTrue();
        page.Find("input[data-testid=ignore-whitespace]").HasAttribute("disabled").ShouldBeTrue();
        page.Find("[data-testid=delta-text]").TextContent.ShouldContain("The parcel ships"); // the content itself is all there
    }

    [Fact]
    public void The_live_page_shows_what_the_prerender_loaded_without_querying_again_and_hands_it_on()
    {
        var prerendered = new ProposalReview
        {
            StreamId = "never-stored", ProposalId = "p1", Model = "gpt-x", AiContent = "Only in the prerender.",
            FinalContent = "Only in the prerender, edited.", Outcome = ProposalOutcome.AcceptedEdited,
        };
        Prerender.HandOver(ReviewPage.StateKey, new ReviewPage.Snapshot("never-stored", "p1", prerendered));

        var page = Render<ReviewPage>(p => p.Add(x => x.StreamId, "never-stored").Add(x => x.ProposalId, "p1"));

        // the database has no such proposal: what shows came from the prerender, with no "Loading" in between
        page.Find("[data-testid=delta-text]").TextContent.ShouldStartWith("Only in the prerender");
        page.Find("ins").TextContent.ShouldContain("edited");
        var handedOn = Prerender.HandedOn<ReviewPage.Snapshot>(ReviewPage.StateKey);
        handedOn.ShouldNotBeNull();
        handedOn!.Review!.AiContent.ShouldBe("Only in the prerender.");
    }

    [Fact]
    public void A_prerender_of_another_proposal_is_not_taken_for_this_one()
    {
        Prerender.HandOver(ReviewPage.StateKey, new ReviewPage.Snapshot("never-stored", "p1", null));

        var page = RenderReview(ReviewDatabase.Edited);

        page.Find("h1").TextContent.ShouldContain(ReviewDatabase.Edited);
        page.FindAll("[data-testid=not-found-message]").ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_proposal_is_reported_not_found_and_says_which_one_is_missing()
    {
        var notFound = 0;
        Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => notFound++;

        var page = Render<ReviewPage>(p => p.Add(x => x.StreamId, ReviewDatabase.Edited).Add(x => x.ProposalId, "<i>missing</i>"));

        page.WaitForAssertion(() => page.Find("[data-testid=not-found-message]").TextContent
            .ShouldBe($"There is no proposal '<i>missing</i>' in stream '{ReviewDatabase.Edited}'."), Wait);
        page.FindAll("[data-testid=not-found-message] i").ShouldBeEmpty();
        notFound.ShouldBe(1);
        Services.GetRequiredService<NotFoundReasons>().Current.Heading.ShouldBe("Proposal not found");
    }

    private static void ShowSideBySide(IRenderedComponent<ReviewPage> page)
    {
        page.WaitForAssertion(() =>
        {
            if (page.FindAll(".delta-sides").Count == 0)
                page.FindAll("button.mud-toggle-item").First(b => b.TextContent.Contains("Side by side", StringComparison.Ordinal)).Click();
            page.FindAll(".delta-sides [data-testid=delta-text]").Count.ShouldBe(2);
        }, Wait);
    }

    private IRenderedComponent<ReviewPage> RenderReview(string streamId)
    {
        var page = Render<ReviewPage>(p => p.Add(x => x.StreamId, streamId).Add(x => x.ProposalId, "p1"));
        page.WaitForAssertion(() => page.FindAll("[data-testid=delta-text]").ShouldNotBeEmpty(), Wait);
        // The keys attach after the first render and re-render the page: clicks wait until that has happened.
        page.WaitForAssertion(() => page.FindAll("[data-keys-ready=true]").ShouldNotBeEmpty(), Wait);
        return page;
    }
}
