using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// A page hands what its prerender loaded to its live circuit in one SignalR message, which the hub refuses over
/// 32 KB; the state carried in the page must stay small whatever the page size and the length of the texts.
/// </summary>
public sealed partial class PrerenderedStateTests(ApiHost host) : IClassFixture<ApiHost>
{
    private const int MaxStateChars = 4096;
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _browser = host.Client();

    [Fact]
    public async Task Pages_of_long_proposals_at_the_largest_page_size_carry_a_small_state()
    {
        var product = $"long-{Guid.NewGuid():N}"[..16];
        var text = string.Concat(Enumerable.Repeat("The supplier shall indemnify the customer against every claim. ", 40)); // ~2.5 KB
        for (var i = 0; i < 30; i++)
        {
            var batch = Batch(Started(product, input: text), LongProposal("p1", text), LongProposal("p2", text));
            (await _writer.PostEventsAsync($"{product}-{i:D2}", batch)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var browser = await host.SignedInClientAsync(); // the pages need a signed-in person
        foreach (var address in new[]
                 {
                     "/review?pageSize=200", $"/review?product={product}&pageSize=200", $"/streams?product={product}&pageSize=200",
                     $"/streams?text={product}&pageSize=200", $"/streams/{product}-00", $"/review/{product}-00/p1",
                 })
        {
            var html = await browser.GetStringAsync(address);
            html.Length.ShouldBeGreaterThan(30 * 1024, $"{address} should show long texts");
            var state = ComponentState().Matches(html).Select(m => m.Groups[1].Value).ToList();
            state.ShouldHaveSingleItem($"{address} should hand its prerender on");
            state[0].Length.ShouldBeLessThan(MaxStateChars, address);
        }
    }

    [Fact]
    public async Task A_browser_that_could_not_start_a_live_page_is_heard_and_a_bad_report_is_refused()
    {
        using var report = new StringContent("""{ "path": "/review?pageSize=200", "reason": "closed\nwith an error" }""", Encoding.UTF8, "application/json");
        (await _browser.PostAsync("/client-problems/circuit", report)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var broken = new StringContent("{ not json", Encoding.UTF8, "application/json");
        (await _browser.PostAsync("/client-problems/circuit", broken)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var huge = new StringContent($$"""{ "path": "{{new string('x', 10_000)}}" }""", Encoding.UTF8, "application/json");
        (await _browser.PostAsync("/client-problems/circuit", huge)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static string LongProposal(string proposalId, string text) =>
        $$"""{ "type": "proposal_generated", "data": { "proposalId": "{{proposalId}}", "model": "gpt-x", "messages": [ { "role": "user", "content": "{{text}}" } ], "content": "{{text}}", "contentType": "text" } }""";

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex ComponentState();
}
