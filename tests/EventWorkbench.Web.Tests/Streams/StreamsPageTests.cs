using AngleSharp.Dom;
using Bunit;
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
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/streams?q=liability%20clause");

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
    public async Task Sorting_by_event_count_is_done_by_the_server()
    {
        var page = RenderPage("/streams");
        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);

        IElement EventsHeader() => page.FindAll("th").Single(th => th.TextContent.Contains("Events")).QuerySelector(".sortable-column-header")!;

        await ClickAsync(page, EventsHeader);
        page.WaitForAssertion(() => EventCounts(page).ShouldBe([2, 2, 3, 6]), Wait);
        await ClickAsync(page, EventsHeader);
        page.WaitForAssertion(() => EventCounts(page).ShouldBe([6, 3, 2, 2]), Wait);
    }

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
