using Bunit;
using EventWorkbench.Web.Features.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EventWorkbench.Web.Tests.Streams;

/// <summary>The streams list hears of appends (its own database: it adds streams the other list tests would count).</summary>
public sealed class StreamsLiveTests(StreamsDatabase database) : StreamsTestContext(database), IClassFixture<StreamsDatabase>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_stream_appended_elsewhere_shows_up_without_a_reload()
    {
        await Notifications.StartAsync(CancellationToken.None);
        await WaitUntilListeningAsync();
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/streams?sort=stream_id");
        var page = Render<StreamsPage>();
        page.WaitForAssertion(() => StreamIds(page).Count.ShouldBe(4), Wait);
        page.Find(".live-badge").TextContent.ShouldBe("live");
        var before = StreamIds(page);

        var streamId = $"zz-live-{Guid.NewGuid():N}"[..20];
        await SeedStreams.Append(Database.Appender, streamId, "support-bot", "corr-live", SeedStreams.Started("support-replies", "Is it live?"));

        page.WaitForAssertion(() => StreamIds(page).ShouldBe([streamId, .. before]), Wait); // stream ids, descending
        page.Find("[data-testid=streams-total]").TextContent.ShouldBe("5 streams");
        await Notifications.StopAsync(CancellationToken.None);
    }

    private static List<string> StreamIds(IRenderedComponent<StreamsPage> page) =>
        page.FindAll("a.stream-link").Select(a => a.TextContent).ToList();
}
