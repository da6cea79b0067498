using System.Net;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>Ids holding a slash or a percent sign travel percent-encoded in the path and arrive as the client meant them.</summary>
public sealed class EscapedIdApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    [Fact]
    public async Task A_stream_id_with_a_slash_is_stored_and_read_back_as_that_id()
    {
        var streamId = $"team-{Guid.NewGuid():N}/support 50%";
        var escaped = Uri.EscapeDataString(streamId); // team-…%2Fsupport%2050%25

        var appended = await _writer.PostEventsAsync(streamId, Batch(Started(), Proposal("drafts/p1")));
        appended.StatusCode.ShouldBe(HttpStatusCode.Created, await appended.Content.ReadAsStringAsync());
        (await appended.ReadObjectAsync())["streamId"]!.ToString().ShouldBe(streamId);

        var summary = await (await _reader.GetAsync($"/api/streams/{escaped}")).ReadObjectAsync();
        summary["id"]!.ToString().ShouldBe(streamId);
        var events = await (await _reader.GetAsync($"/api/streams/{escaped}/events")).ReadObjectAsync();
        (events["streamId"]!.ToString(), events["events"]!.AsArray().Count).ShouldBe((streamId, 2));

        var proposal = await _reader.GetAsync($"/api/proposals/{Uri.EscapeDataString("drafts/p1")}?streamId={escaped}");
        proposal.StatusCode.ShouldBe(HttpStatusCode.OK, await proposal.Content.ReadAsStringAsync());
        var review = await proposal.ReadObjectAsync();
        (review["review"]!["streamId"]!.ToString(), review["review"]!["proposalId"]!.ToString()).ShouldBe((streamId, "drafts/p1"));
    }

    [Fact]
    public async Task An_unescaped_slash_is_another_route_and_an_encoded_percent_stays_a_percent()
    {
        var root = $"pct-{Guid.NewGuid():N}";
        (await _writer.PostEventsAsync($"{root}%2F", Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created); // the id is "…%2F", literally

        (await _reader.GetAsync($"/api/streams/{root}%252F")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _reader.GetAsync($"/api/streams/{root}%2F")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // that is "…/"
        (await _reader.GetAsync($"/api/streams/{root}/x/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
