using Bunit;
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
        RememberReviewer("ml.keys");
        var page = RenderQueue();
        page.WaitForAssertion(() => page.Find("[data-testid=reviewer-name]").TextContent.ShouldBe("ml.keys"), Wait);
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
        (review!.Curation!.Verdict, review.Curation.By).ShouldBe((CurationVerdict.Exclude, "ml.keys"));

        await Key(page, "i"); // the row's version moved on with the first label: the second one must not conflict
        page.WaitForAssertion(() => page.Find("tr.review-row-selected [data-testid=verdict]").TextContent.ShouldBe("include"), Wait);
        (await Database.Proposals.GetAsync("kb-2", "p1"))!.CurationHistory.Count.ShouldBe(2);

        await Key(page, "Enter");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri.ShouldEndWith("/review/kb-2/p1");
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
    public async Task Curating_from_the_queue_without_a_reviewer_name_asks_for_one()
    {
        var page = RenderQueue();
        page.WaitForAssertion(() => Rows(page).ShouldNotBeEmpty(), Wait);

        await Key(page, "x");

        page.WaitForAssertion(() => page.Find("[data-testid=review-message]").TextContent.ShouldContain("Enter your name"), Wait);
    }

    private IRenderedComponent<ReviewQueuePage> RenderQueue() => Render<ReviewQueuePage>();

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<ReviewQueuePage> page) => page.FindAll("tr.review-row");

    private static int Count(IRenderedComponent<ReviewQueuePage> page, string outcome) =>
        int.Parse(page.Find($"[data-count={outcome}]").TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static Task Filter(IRenderedComponent<ReviewQueuePage> page, ProposalFilter filter) =>
        page.InvokeAsync(() => page.FindComponent<ReviewFilters>().Instance.FilterChanged.InvokeAsync(filter));

    private static Task Key(IRenderedComponent<ReviewQueuePage> page, string key) => page.InvokeAsync(() => page.Instance.OnKey(key));
}
