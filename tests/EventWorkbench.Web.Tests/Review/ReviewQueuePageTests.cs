using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Review;

namespace EventWorkbench.Web.Tests.Review;

public sealed class ReviewQueuePageTests(ReviewDatabase database) : ReviewTestContext(database), IClassFixture<ReviewDatabase>
{
    [Fact]
    public async Task Queue_lists_proposals_with_counts_and_filters_by_outcome()
    {
        var page = RenderQueue();
        await Filter(page, new ProposalFilter { Text = "p1" });
        page.WaitForAssertion(() => Rows(page).Count.ShouldBeGreaterThanOrEqualTo(6), Wait);
        var links = page.FindAll("a.review-link").Select(a => a.TextContent.Trim()).ToList();
        links.ShouldContain($"{ReviewDatabase.Edited} / p1");
        links.ShouldContain($"{ReviewDatabase.Pending} / p1");
        Count(page, "pending").ShouldBeGreaterThanOrEqualTo(1);

        await Filter(page, new ProposalFilter { Outcome = ProposalOutcome.Rejected, Product = "support-replies" });
        page.WaitForAssertion(() => page.FindAll("a.review-link").Select(a => a.TextContent.Trim()).ShouldBe([$"{ReviewDatabase.Rejected} / p1"]), Wait);
        page.Find("[data-testid=review-total]").TextContent.ShouldBe("1 proposal");
        (Count(page, "edited"), Count(page, "rejected"), Count(page, "accepted"), Count(page, "pending")).ShouldBe((2, 1, 0, 0));
        page.FindAll("[data-outcome]").Select(e => e.TextContent).ShouldBe(["rejected"]);
    }

    [Fact]
    public async Task J_k_move_the_selection_and_x_then_i_curate_the_selected_row_at_once()
    {
        const string product = "kb-product";
        foreach (var stream in new[] { "kb-1", "kb-2", "kb-3" })
            await Database.Seed(stream, product, ReviewDatabase.Generated("p1", $"Text of {stream}."));
        var page = RenderQueue();
        await Filter(page, new ProposalFilter { Product = product });
        page.WaitForAssertion(() => Rows(page).Count.ShouldBe(3), Wait);

        page.Find("tr.review-row-selected a.review-link").TextContent.Trim().ShouldBe("kb-3 / p1"); // newest first; the first row starts selected
        await Key(page, "j");
        await Key(page, "j");
        await Key(page, "k");
        page.WaitForAssertion(() => page.Find("tr.review-row-selected a.review-link").TextContent.Trim().ShouldBe("kb-2 / p1"), Wait);

        await Key(page, "x");
        page.WaitForAssertion(() => page.Find("tr.review-row-selected [data-testid=verdict]").TextContent.ShouldBe("exclude"), Wait);
        var review = await Database.Proposals.GetAsync("kb-2", "p1");
        (review!.Curation!.Verdict, review.Curation.By).ShouldBe((CurationVerdict.Exclude, Reviewer)); // the signed-in person

        await Key(page, "i"); // the row's version moved on with the first label: the second one must not conflict
        page.WaitForAssertion(() => page.Find("tr.review-row-selected [data-testid=verdict]").TextContent.ShouldBe("include"), Wait);
        (await Database.Proposals.GetAsync("kb-2", "p1"))!.CurationHistory.Count.ShouldBe(2);

        await Key(page, "Enter");
        Navigation.Uri.ShouldEndWith("/review/kb-2/p1");
    }

    [Fact]
    public async Task Date_and_curated_filters_narrow_the_queue()
    {
        var page = RenderQueue();
        page.WaitForAssertion(() => Rows(page).ShouldNotBeEmpty(), Wait);

        await Filter(page, new ProposalFilter { GeneratedFrom = DateTimeOffset.UtcNow.AddDays(1) });
        page.WaitForAssertion(() => page.Find("[data-testid=review-empty]").TextContent.ShouldBe("No proposal matches this filter."), Wait);
        page.Find("[data-testid=review-total]").TextContent.ShouldBe("0 proposals");

        await Filter(page, new ProposalFilter { GeneratedFrom = DateTimeOffset.UtcNow.AddDays(-1), Curated = false, Text = ReviewDatabase.Json });
        page.WaitForAssertion(() => page.FindAll("a.review-link").Select(a => a.TextContent.Trim()).ShouldBe([$"{ReviewDatabase.Json} / p1"]), Wait);
    }

    [Fact]
    public async Task A_curation_key_from_someone_without_the_reviewer_role_is_refused_and_writes_nothing()
    {
        await Database.Seed("kb-viewer", "viewer-product", ReviewDatabase.Generated("p1", "Not theirs to label."));
        Navigation.NavigateTo("review?product=viewer-product");
        var page = RenderQueue();
        page.WaitForAssertion(() => Links(page).ShouldBe(["kb-viewer / p1"]), Wait);
        SignedIn.Account("just.a.viewer", EventWorkbench.Access.AccessRoles.Viewer); // the role went while the queue was open

        await Key(page, "x");

        page.WaitForAssertion(() => page.Find("[data-testid=review-message]").TextContent.ShouldBe(CurationAction.NotAllowedMessage), Wait);
        (await Database.Proposals.GetAsync("kb-viewer", "p1"))!.CurationHistory.ShouldBeEmpty();
        (await Database.CurationRowsAsync("kb-viewer")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_address_holds_filter_page_and_size_and_j_k_cross_pages()
    {
        const string product = "pages-product";
        foreach (var stream in new[] { "pg-1", "pg-2", "pg-3" })
            await Database.Seed(stream, product, ReviewDatabase.Generated("p1", $"Text of {stream}."));
        Navigation.NavigateTo($"review?product={product}&pageSize=2");

        var page = RenderQueue();
        page.WaitForAssertion(() => Links(page).ShouldBe(["pg-3 / p1", "pg-2 / p1"]), Wait);
        page.Find("[data-testid=pager-range]").TextContent.ShouldBe("1–2 of 3");

        await Key(page, "j");
        await Key(page, "j"); // past the last row: the next page, its first row selected
        page.WaitForAssertion(() => Links(page).ShouldBe(["pg-1 / p1"]), Wait);
        Navigation.Uri.ShouldEndWith($"review?product={product}&pageSize=2&page=2");
        page.Find("tr.review-row-selected a.review-link").TextContent.Trim().ShouldBe("pg-1 / p1");
        page.Find("[data-testid=pager-range]").TextContent.ShouldBe("3–3 of 3");

        await Key(page, "j"); // nothing after the last page
        await Key(page, "k"); // before the first row: the previous page, its last row selected
        page.WaitForAssertion(() => page.Find("tr.review-row-selected a.review-link").TextContent.Trim().ShouldBe("pg-2 / p1"), Wait);
        Navigation.Uri.ShouldEndWith($"review?product={product}&pageSize=2");
    }

    [Fact]
    public async Task The_curation_filter_shows_the_included_or_the_excluded_examples()
    {
        const string product = "verdict-product";
        foreach (var stream in new[] { "vd-in", "vd-out", "vd-none" })
            await Database.Seed(stream, product, ReviewDatabase.Generated("p1", $"Text of {stream}."));
        await Database.Curation.CurateAsync(new CurationRequest("vd-in", "p1", CurationVerdict.Include), "ml.eng", 2);
        await Database.Curation.CurateAsync(new CurationRequest("vd-out", "p1", CurationVerdict.Exclude), "ml.eng", 2);
        Navigation.NavigateTo($"review?product={product}&verdict=exclude");

        var page = RenderQueue();

        page.WaitForAssertion(() => Links(page).ShouldBe(["vd-out / p1"]), Wait);
        await Filter(page, new ProposalFilter { Product = product, Verdict = CurationVerdict.Include });
        page.WaitForAssertion(() => Links(page).ShouldBe(["vd-in / p1"]), Wait);
        Navigation.Uri.ShouldEndWith($"review?product={product}&verdict=include");
    }

    [Fact]
    public async Task Column_headers_link_to_the_queue_sorted_by_them_and_the_sorted_page_loads()
    {
        var page = RenderQueue();
        page.WaitForAssertion(() => Rows(page).ShouldNotBeEmpty(), Wait);

        var generated = page.Find("th[aria-sort=descending]");
        generated.TextContent.ShouldContain("Generated");
        generated.QuerySelector("a")!.GetAttribute("href").ShouldBe("review?descending=false");
        page.FindAll("th a.sort-link").Select(a => a.GetAttribute("href")).ShouldContain("review?sort=stream_id");

        await page.InvokeAsync(() => Navigation.NavigateTo("review?sort=stream_id&descending=false&text=rv-"));
        page.WaitForAssertion(() => Links(page).First().ShouldBe($"{ReviewDatabase.Edited} / p1"), Wait);
        page.Find("th[aria-sort=ascending]").TextContent.ShouldContain("Proposal");
        Links(page).ShouldBe(Links(page).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void An_address_the_queue_cannot_read_says_why_and_shows_every_proposal()
    {
        Navigation.NavigateTo("review?pageSize=lots&minSimilarity=2&from=yesterday");

        var page = RenderQueue();

        page.WaitForAssertion(() => Rows(page).ShouldNotBeEmpty(), Wait);
        var problem = page.Find("[data-testid=review-load-problem]").TextContent;
        problem.ShouldContain("pageSize 'lots' is not a whole number");
        problem.ShouldContain("minSimilarity must be between 0 and 1");
        problem.ShouldContain("from 'yesterday' is not a day written yyyy-mm-dd");
        problem.ShouldContain("showing every proposal instead");
    }

    [Fact]
    public void The_live_page_shows_what_the_prerender_loaded_without_querying_again_and_hands_its_own_page_on()
    {
        var prerendered = new ReviewQueueRow("never-stored", "p9", "Only in the prerender.", "support-replies", "gpt-x", "v1",
            ProposalOutcome.Pending, null, null, null, null, DateTimeOffset.UtcNow, 1);
        Prerender.HandOver(ReviewQueuePage.StateKey,
            new ReviewQueuePage.Snapshot("review", [prerendered], 1, new ProposalCounts(1, 0, 0, 0), ["support-replies"]));
        Navigation.NavigateTo("review");

        var page = RenderQueue();

        Links(page).ShouldBe(["never-stored / p9"]); // the database has no such proposal: it came from the prerender
        page.Find("[data-testid=review-total]").TextContent.ShouldBe("1 proposal");
        var handedOn = Prerender.HandedOn<ReviewQueuePage.Snapshot>(ReviewQueuePage.StateKey);
        handedOn.ShouldNotBeNull();
        handedOn!.Rows.ShouldHaveSingleItem().StreamId.ShouldBe("never-stored");
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private static List<string> Links(IRenderedComponent<ReviewQueuePage> page) =>
        page.FindAll("a.review-link").Select(a => a.TextContent.Trim()).ToList();

    private IRenderedComponent<ReviewQueuePage> RenderQueue() => Render<ReviewQueuePage>();

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<ReviewQueuePage> page) => page.FindAll("tr.review-row");

    private static int Count(IRenderedComponent<ReviewQueuePage> page, string outcome) =>
        int.Parse(page.Find($"[data-count={outcome}]").TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static Task Filter(IRenderedComponent<ReviewQueuePage> page, ProposalFilter filter) =>
        page.InvokeAsync(() => page.FindComponent<ReviewFilters>().Instance.FilterChanged.InvokeAsync(filter));

    private static Task Key(IRenderedComponent<ReviewQueuePage> page, string key) => page.InvokeAsync(() => page.Instance.OnKey(key));
}
