using System.Net;
using static EventWorkbench.Web.Tests.Api.Json;
using static EventWorkbench.Web.Tests.Api.RawHttp;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>Ids that are Marten's, that look like other ids, or that the path does not say one way: 400 naming them, nothing written.</summary>
public sealed class HostileIdTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private async Task<bool> ExistsAsync(string streamId) =>
        (await _reader.GetAsync($"/api/streams/{Uri.EscapeDataString(streamId)}")).StatusCode == HttpStatusCode.OK;

    [Theory]
    [InlineData("mt_tombstone")]
    [InlineData("MT_Tombstone")]
    [InlineData("mt_events")]
    [InlineData("mt_")]
    public async Task Stream_ids_starting_with_mt_are_martens_own_and_refused_with_400(string streamId)
    {
        var rows = await host.EventRowCountAsync();

        var problem = await (await _writer.PostEventsAsync(streamId, Batch(Started()))).ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor("streamId").ShouldHaveSingleItem().ShouldContain("mt_");
        (await host.EventRowCountAsync()).ShouldBe(rows);
    }

    [Theory]
    [InlineData("\uFEFFsupport-42", "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)", 1)]
    [InlineData("support\u200B-42", "U+200B ZERO WIDTH SPACE", 8)]
    [InlineData("support-42\u200D", "U+200D ZERO WIDTH JOINER", 11)]
    [InlineData("support\u2028-42", "U+2028 LINE SEPARATOR", 8)]
    [InlineData("support\u2029-42", "U+2029 PARAGRAPH SEPARATOR", 8)]
    [InlineData("sup\u202Eport", "U+202E RIGHT-TO-LEFT OVERRIDE", 4)]
    [InlineData("sup\u2066port\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE", 4)]
    [InlineData("\u200Fsupport", "U+200F RIGHT-TO-LEFT MARK", 1)]
    public async Task Look_alike_stream_ids_are_refused_naming_the_character_and_its_position(string streamId, string character, int position)
    {
        var problem = await (await _writer.PostEventsAsync(streamId, Batch(Started()))).ProblemAsync(HttpStatusCode.BadRequest);

        var message = problem.ErrorsFor("streamId").ShouldHaveSingleItem();
        message.ShouldContain(character);
        message.ShouldContain($"at character {position}");
        (await ExistsAsync(streamId)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"events":[{"type":"proposal_accepted","data":{"proposalId":"p\u200B1","by":"ana"}}]}""", "events[0].data.proposalId")]
    [InlineData("""{"events":[{"type":"example_curated","data":{"proposalId":"\uFEFFp1","by":"ana","verdict":"include"}}]}""", "events[0].data.proposalId")]
    [InlineData("""{"events":[{"type":"interaction_started","data":{"channel":"c","input":"i","subjectId":"cust\u202E1"}}]}""", "events[0].data.subjectId")]
    [InlineData("""{"correlationId":"req\u20281","events":[{"type":"interaction_started","data":{"channel":"c","input":"i"}}]}""", "correlationId")]
    public async Task Look_alike_ids_inside_events_are_refused_naming_the_field(string body, string field)
    {
        var stream = NewStreamId();

        var problem = await (await _writer.PostEventsAsync(stream, body)).ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor(field).ShouldHaveSingleItem().ShouldContain("U+");
        (await ExistsAsync(stream)).ShouldBeFalse();
    }

    [Fact]
    public async Task Ids_in_any_script_with_emoji_are_still_ids()
    {
        var stream = $"équipe-東京-👩💻-{Guid.NewGuid():N}";
        var response = await _writer.PostEventsAsync(stream, Batch(Started(), Proposal("提案-1")));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await ExistsAsync(stream)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("/api/streams/{a}/../{b}/events")]
    [InlineData("/api/streams/{a}/%2e%2e/{b}/events")]
    [InlineData("/api/streams/{a}/%2E%2E/{b}/events")]
    [InlineData("/api/streams/./{b}/events")]
    public async Task A_dot_segment_in_the_path_as_sent_is_refused_and_appends_to_no_stream(string template)
    {
        var (a, b) = (NewStreamId(), NewStreamId());
        var target = template.Replace("{a}", a, StringComparison.Ordinal).Replace("{b}", b, StringComparison.Ordinal);
        var rows = await host.EventRowCountAsync();

        var response = await SendAsync(host.BaseAddress,
            Request("POST", Ascii(target), [Bearer(ApiHost.AppendKey), JsonType], Utf8(Batch(Started()))));

        response.Status.ShouldBe(400, response.ToString());
        response.IsProblem.ShouldBeTrue();
        response.Problem().ErrorsFor("streamId").ShouldHaveSingleItem().ShouldContain("dot segment");
        (await ExistsAsync(a)).ShouldBeFalse();
        (await ExistsAsync(b)).ShouldBeFalse();
        (await host.EventRowCountAsync()).ShouldBe(rows);
    }

    [Theory]
    [InlineData("%FF")]
    [InlineData("%ED%A0%80")]
    [InlineData("%C0%AF")]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%zz")]
    public async Task A_path_id_that_is_not_percent_encoded_utf8_is_400_naming_it(string escape)
    {
        var stream = NewStreamId() + escape;

        var append = await SendAsync(host.BaseAddress,
            Request("POST", Ascii($"/api/streams/{stream}/events"), [Bearer(ApiHost.AppendKey), JsonType], Utf8(Batch(Started()))));
        var read = await SendAsync(host.BaseAddress, Request("GET", Ascii($"/api/streams/{stream}"), [Bearer(ApiHost.ReadKey)], null));

        append.Status.ShouldBe(400, append.ToString());
        append.Problem().ErrorsFor("streamId").ShouldHaveSingleItem().ShouldContain("percent-encoded UTF-8");
        read.Status.ShouldBe(400, read.ToString());
        read.Problem().ErrorsFor("streamId").ShouldNotBeEmpty();
    }
}
