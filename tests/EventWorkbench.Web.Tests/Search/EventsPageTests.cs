using Bunit;
using EventWorkbench.Web.Features.Search;
using EventWorkbench.Web.Tests.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EventWorkbench.Web.Tests.Search;

/// <summary>The search page on a real database: hits as text, the filter read from the address, and new events announced live.</summary>
public sealed class EventsPageTests : StreamsTestContext, IClassFixture<StreamsDatabase>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public EventsPageTests(StreamsDatabase database) : base(database, services =>
    {
        services.AddEventSearch();
        var signedIn = new SignedInAs();
        signedIn.Account("vera", "viewer");
        signedIn.Register(services);
    })
    {
    }

    private IRenderedComponent<EventsPage> RenderPage(string address)
    {
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<EventsPage>();
    }

    [Fact]
    public void A_hit_shows_where_and_what_it_is_and_its_match_as_text_never_markup()
    {
        var page = RenderPage("/events?text=ONERROR");

        page.WaitForAssertion(() => page.FindAll("[data-testid=event-hit]").Count.ShouldBe(1), Wait);
        var hit = page.Find("[data-testid=event-hit]");
        hit.QuerySelector("a.stream-link")!.GetAttribute("href").ShouldBe($"streams/{SeedStreams.Hostile}?version=2");
        hit.QuerySelector(".event-type-name")!.TextContent.ShouldBe("proposal_generated");
        hit.QuerySelector("mark")!.TextContent.ShouldBe("onerror");
        var snippet = page.Find("[data-testid=hit-snippet]");
        snippet.TextContent.ShouldContain("<img src=x onerror=");
        snippet.QuerySelector("img").ShouldBeNull();
        snippet.QuerySelector("script").ShouldBeNull();
    }

    [Fact]
    public void Types_and_stream_in_the_address_filter_the_first_load()
    {
        var page = RenderPage($"/events?type=proposal_generated&type=proposal_rejected&stream={SeedStreams.Support}");

        page.WaitForAssertion(() => page.FindAll(".event-type-name").Select(e => e.TextContent)
            .ShouldBe(["proposal_rejected", "proposal_generated", "proposal_generated"]), Wait);
    }

    [Fact]
    public void An_address_the_search_cannot_run_says_why_and_shows_the_newest_events()
    {
        var page = RenderPage("/events?type=nope&text=ab");

        page.WaitForAssertion(() => page.Find("[data-testid=events-error]").TextContent.ShouldContain("type 'nope' is not an event type"), Wait);
        page.WaitForAssertion(() => page.FindAll("[data-testid=event-hit]").ShouldNotBeEmpty(), Wait);
    }

    [Fact]
    public async Task A_matching_event_appended_elsewhere_is_announced_and_shown_on_request_without_moving_the_rows()
    {
        await Notifications.StartAsync(CancellationToken.None);
        await WaitUntilListeningAsync();
        var token = $"live{Guid.NewGuid():N}"[..14];
        var stream = $"zz-search-{token}";
        await SeedStreams.Append(Database.Appender, stream, "support-bot", "corr-live", SeedStreams.Started("support-replies", $"first {token}"));
        var page = RenderPage($"/events?text={token}");
        page.WaitForAssertion(() => page.FindAll("[data-testid=event-hit]").Count.ShouldBe(1), Wait);
        page.Find(".live-badge").TextContent.ShouldBe("live");

        await SeedStreams.Append(Database.Appender, $"{stream}-2", "support-bot", "corr-live", SeedStreams.Started("support-replies", $"second {token}"));

        page.WaitForAssertion(() => page.Find("[data-testid=new-events]").TextContent.ShouldContain("1 new event matches"), Wait);
        page.FindAll("[data-testid=event-hit]").Count.ShouldBe(1);
        await page.InvokeAsync(() => page.Find("[data-testid=show-new-events]").Click());
        page.WaitForAssertion(() => page.FindAll("a.stream-link").Select(a => a.TextContent).ShouldBe([$"{stream}-2", stream]), Wait);
        page.FindAll("[data-testid=new-events]").ShouldBeEmpty();
        await Notifications.StopAsync(CancellationToken.None);
    }
}
