using AngleSharp.Dom;
using Bunit;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EventWorkbench.Web.Tests.Streams;

public sealed class StreamsPageTests(StreamsDatabase database) : StreamsTestContext(database), IClassFixture<StreamsDatabase>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public void Grid_lists_every_stream_with_its_counts_and_outcomes()
    {
        var page = RenderPage("/streams");

        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);
        StreamIds(page).ShouldBe(
            [SeedStreams.Support, SeedStreams.Review, SeedStreams.Contract, SeedStreams.Hostile], ignoreOrder: true);
        page.Find("[data-testid=streams-total]").TextContent.ShouldBe("4 streams");

        var support = Row(page, SeedStreams.Support);
        support.QuerySelector("a.stream-link")!.GetAttribute("href").ShouldBe($"streams/{SeedStreams.Support}");
        support.QuerySelector(".stream-product")!.TextContent.ShouldBe("support-replies");
        support.QuerySelector(".stream-events")!.TextContent.Trim().ShouldBe("6");
        support.QuerySelector(".stream-proposals")!.TextContent.Trim().ShouldBe("2");
        support.QuerySelector(".event-type-name")!.TextContent.ShouldBe("proposal_rejected");
        Outcomes(support).ShouldBe(["1 edited", "1 rejected"]);

        Outcomes(Row(page, SeedStreams.Review)).ShouldBe(["1 accepted"]);
        Outcomes(Row(page, SeedStreams.Contract)).ShouldBe(["1 pending"]);
    }

    [Fact]
    public async Task Choosing_a_product_narrows_the_grid_and_keeps_the_filter_in_the_query_string()
    {
        var page = RenderPage("/streams");
        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);
        var select = page.FindComponent<MudSelect<string>>();

        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("code-review"));

        page.WaitForAssertion(() => StreamIds(page).ShouldBe([SeedStreams.Review]), Wait);
        page.Find("[data-testid=streams-total]").TextContent.ShouldBe("1 stream");
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/streams?product=code-review");
    }

    [Fact]
    public void A_product_in_the_query_string_filters_the_first_load()
    {
        var page = RenderPage("/streams?product=contract-drafting");

        page.WaitForAssertion(() => StreamIds(page).ShouldBe([SeedStreams.Contract]), Wait);
        page.Find("[data-testid=streams-total]").TextContent.ShouldBe("1 stream");
    }

    [Fact]
    public async Task Search_matches_the_stream_id_or_the_input_after_typing_stops()
    {
        var page = RenderPage("/streams");
        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);

        await page.InvokeAsync(() => page.Find(".streams-search input").Input("liability clause"));

        page.WaitForAssertion(() => StreamIds(page).ShouldBe([SeedStreams.Contract]), Wait);
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/streams?text=liability%20clause");

        await page.InvokeAsync(() => page.Find(".streams-search input").Input("review-00"));
        page.WaitForAssertion(() => StreamIds(page).ShouldBe([SeedStreams.Review]), Wait);
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_says_so_and_offers_to_clear_it()
    {
        var page = RenderPage("/streams?q=nothing-like-this");

        page.WaitForAssertion(() => page.Find("[data-testid=streams-empty]").TextContent.ShouldContain("No stream matches 'nothing-like-this'"), Wait);
        StreamIds(page).ShouldBeEmpty();

        await ClickAsync(page, () => page.FindAll("[data-testid=streams-empty] button").Single(b => b.TextContent.Contains("Clear the filter")));

        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/streams");
    }

    [Fact]
    public async Task Column_headers_link_to_the_list_sorted_by_them_and_the_server_sorts()
    {
        var page = RenderPage("/streams");
        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);
        string EventsHeader() => page.FindAll("th").Single(th => th.TextContent.Contains("Events")).QuerySelector("a")!.GetAttribute("href")!;

        EventsHeader().ShouldBe("streams?sort=event_count");
        await page.InvokeAsync(() => Navigation.NavigateTo(EventsHeader()));
        page.WaitForAssertion(() => EventCounts(page).ShouldBe([6, 3, 2, 2]), Wait);

        EventsHeader().ShouldBe("streams?sort=event_count&descending=false");
        await page.InvokeAsync(() => Navigation.NavigateTo(EventsHeader()));
        page.WaitForAssertion(() => EventCounts(page).ShouldBe([2, 2, 3, 6]), Wait);
        page.Find("th[aria-sort=ascending]").TextContent.ShouldContain("Events");
    }

    [Fact]
    public async Task Pages_are_links_and_the_page_size_lives_in_the_address()
    {
        var page = RenderPage("/streams?pageSize=3&sort=stream_id&descending=false");

        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(3), Wait);
        page.Find("[data-testid=pager-range]").TextContent.ShouldBe("1–3 of 4");
        var next = page.Find("[data-testid=next-page]").GetAttribute("href")!;
        next.ShouldBe("streams?sort=stream_id&descending=false&pageSize=3&page=2");

        await page.InvokeAsync(() => Navigation.NavigateTo(next));
        page.WaitForAssertion(() => page.Find("[data-testid=pager-range]").TextContent.ShouldBe("4–4 of 4"), Wait);
        StreamIds(page).ShouldBe([SeedStreams.Support]);
    }

    [Fact]
    public void A_stream_page_leads_back_to_the_list_page_it_was_opened_from()
    {
        var list = RenderPage("/streams?product=code-review&sort=event_count");
        list.WaitForAssertion(() => StreamIds(list).ShouldBe([SeedStreams.Review]), Wait);

        var stream = Render<StreamPage>(p => p.Add(x => x.StreamId, SeedStreams.Review));

        stream.Find("[data-testid=back-to-streams]").GetAttribute("href").ShouldBe("streams?product=code-review&sort=event_count");
    }

    [Fact]
    public void An_address_the_list_cannot_read_says_why_and_shows_every_stream()
    {
        var page = RenderPage("/streams?sort=loudest&pageSize=0");

        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);
        var problem = page.Find("[data-testid=streams-error]").TextContent;
        problem.ShouldContain("sort 'loudest' is not one of last_event_at, started_at, stream_id, product, event_count, proposals");
        problem.ShouldContain("pageSize must be between 1 and 200");
    }

    [Fact]
    public void The_live_page_shows_what_the_prerender_loaded_without_querying_again()
    {
        var prerendered = new InteractionSummary { Id = "only-in-the-prerender", Product = "support-replies", EventCount = 1 };
        Prerender.HandOver(StreamsPage.StateKey, new StreamsPage.Snapshot("streams", [prerendered], 1, ["support-replies"]));

        var page = RenderPage("/streams");

        StreamIds(page).ShouldBe(["only-in-the-prerender"]); // the database has no such stream
        page.Find("[data-testid=streams-total]").TextContent.ShouldBe("1 stream");
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<StreamsPage> RenderPage(string uri)
    {
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return Render<StreamsPage>();
    }

    // Find and click in one step on the renderer's thread, so no re-render can slip in between.
    private static Task ClickAsync(IRenderedComponent<StreamsPage> page, Func<IElement> element) =>
        page.InvokeAsync(() => element().Click());

    private static List<string> StreamIds(IRenderedComponent<StreamsPage> page) =>
        page.FindAll("a.stream-link").Select(a => a.TextContent).ToList();

    private static List<int> EventCounts(IRenderedComponent<StreamsPage> page) =>
        page.FindAll("td.stream-events").Select(td => int.Parse(td.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static IElement Row(IRenderedComponent<StreamsPage> page, string streamId) =>
        page.FindAll("tr").Single(tr => tr.QuerySelector("a.stream-link")?.TextContent == streamId);

    private static List<string> Outcomes(IElement row) =>
        row.QuerySelectorAll(".outcome-chip").Select(chip => chip.TextContent.Trim()).ToList();
}
