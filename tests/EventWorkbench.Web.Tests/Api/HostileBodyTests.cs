using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>Append bodies PostgreSQL could not store, or that do not read as an append: 400 naming the path, no row written.</summary>
public sealed class HostileBodyTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);

    private async Task<System.Text.Json.Nodes.JsonObject> RefusedAsync(byte[] body, string field, string expected)
    {
        var rows = await host.EventRowCountAsync();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _writer.PostAsync($"/api/streams/{NewStreamId()}/events", content);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor(field).ShouldContain(message => message.Contains(expected, StringComparison.Ordinal),
            $"{field} should be named: {problem.ToJsonString()}");
        (await host.EventRowCountAsync()).ShouldBe(rows);
        return problem;
    }

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a\ud800b"}}]}""", "events[0].data.by" },
        { """{"events":[{"type":"interaction_started","data":{"channel":"c","input":"i","context":{"\udc00":1}}}]}""", "events[0].data.context" },
        { """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"trace":"\ud83d"}}]}""", "events[0].headers.trace" },
        { """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"\ud800":"x"}}]}""", "events[0].headers" },
        { """{"correlationId":"c\ud800","events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]}""", "correlationId" },
        { """{"events":[{"type":"\ud800","data":{}}]}""", "events[0].type" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_anywhere_in_the_body_is_400_naming_its_path(string body, string field) =>
        await RefusedAsync(Encoding.UTF8.GetBytes(body), field, "lone surrogate");

    [Fact]
    public async Task A_lone_surrogate_is_named_with_its_position()
    {
        var problem = await RefusedAsync("""{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"ab\ud800"}}]}"""u8.ToArray(),
            "events[0].data.by", "\\ud800");
        problem.ErrorsFor("events[0].data.by").ShouldHaveSingleItem().ShouldContain("character 3");
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate encoded as UTF-8 (CESU-8)
    [InlineData(new byte[] { 0xC0, 0x80 })] // an overlong NUL
    public async Task Bytes_that_are_not_utf8_in_the_body_are_400_naming_the_path(byte[] bad)
    {
        var body = Concat("""{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"""u8, bad, "\"}}]}"u8);
        await RefusedAsync(body, "events[0].data.by", "not valid UTF-8");

        var headerKey = Concat("""{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"k"""u8, bad, "\":1}}]}"u8);
        await RefusedAsync(headerKey, "events[0].headers", "field name is not valid UTF-8");
    }

    [Theory]
    [InlineData("1e999999", "digits before the decimal point")]
    [InlineData("-1e131072", "digits before the decimal point")]
    [InlineData("1.5e-16383", "digits after the decimal point")]
    [InlineData("0e-999999", "digits after the decimal point")]
    [InlineData("0e1073741823", "exponent")]
    public async Task Numbers_postgresql_cannot_hold_are_400_naming_the_path_and_write_no_row(string number, string why)
    {
        var body = """{"events":[{"type":"interaction_started","data":{"channel":"c","input":"i","context":{"items":[1,{"n":""" + number + """}]}}}]}""";
        await RefusedAsync(Encoding.UTF8.GetBytes(body), "events[0].data.context.items[1].n", why);

        var header = """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"score":""" + number + """}}]}""";
        await RefusedAsync(Encoding.UTF8.GetBytes(header), "events[0].headers.score", why);
    }

    [Theory]
    [InlineData("1e131071")]
    [InlineData("-9.99e131071")]
    [InlineData("1e-16383")]
    [InlineData("0e999999")]
    public async Task Numbers_at_the_edge_of_what_postgresql_holds_are_stored(string number)
    {
        var stream = NewStreamId();
        var body = """{"events":[{"type":"interaction_started","data":{"channel":"c","input":"i","context":{"n":""" + number + """}}}]}""";

        var response = await _writer.PostEventsAsync(stream, body);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Nul_is_named_with_its_exact_path()
    {
        var problem = await RefusedAsync("""{"events":[{"type":"skill_executed","data":{"skill":"s","succeeded":true,"output":{"rows":["ok","a\u0000"]}}}]}"""u8.ToArray(),
            "events[0].data.output.rows[1]", "NUL");
        problem["title"]!.ToString().ShouldContain("nothing was written");
    }

    [Theory]
    [InlineData("""{"events":3}""", "events", "must be an array of events")]
    [InlineData("""{"events":[],"x":1}""", "x", "not a field")]
    [InlineData("""{"expectedVersion":"1","events":[]}""", "expectedVersion", "whole number")]
    [InlineData("""{"events":[{"type":5,"data":{}}]}""", "events[0].type", "must be a string")]
    [InlineData("""{"events":[],"events":[]}""", "body", "holds the field 'events' twice")]
    [InlineData("""{"events":[{"type":"proposal_accepted",""", "body", "not valid JSON")]
    [InlineData("", "body", "empty")]
    [InlineData("[1,2]", "body", "JSON object")]
    public async Task Malformed_json_is_400_naming_the_field_without_dotnet_type_names(string body, string field, string expected)
    {
        var problem = await RefusedAsync(Encoding.UTF8.GetBytes(body), field, expected);
        problem.ToJsonString().ShouldNotContain("System.");
        problem.ToJsonString().ShouldNotContain("EventWorkbench.");
        problem.ToJsonString().ShouldNotContain("JsonElement");
    }

    [Fact]
    public async Task Nesting_10000_deep_is_400_and_writes_nothing()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        await RefusedAsync(Encoding.UTF8.GetBytes("""{"events":[{"type":"interaction_started","data":{"channel":"c","input":"i","context":{"d":""" + deep + """}}}]}"""),
            "body", "deeper than 64 levels");
    }

    [Theory]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    [InlineData("9007199254740992")]
    public async Task Negative_and_huge_expected_versions_are_400_naming_expected_version(string version) =>
        await RefusedAsync(Encoding.UTF8.GetBytes($$"""{"expectedVersion":{{version}},"events":[{{Started()}}]}"""), "expectedVersion", "must be");

    [Fact]
    public async Task An_expected_version_beyond_a_64_bit_integer_is_400_naming_it() =>
        await RefusedAsync(Encoding.UTF8.GetBytes($$"""{"expectedVersion":99999999999999999999,"events":[{{Started()}}]}"""), "expectedVersion", "whole number");

    [Fact]
    public async Task A_repeated_idempotency_key_header_is_400_naming_it()
    {
        var stream = NewStreamId();
        var request = RawHttp.Request("POST", RawHttp.Ascii($"/api/streams/{stream}/events"),
            [RawHttp.Bearer(ApiHost.AppendKey), RawHttp.JsonType, RawHttp.Header("Idempotency-Key", "first"), RawHttp.Header("Idempotency-Key", "second")],
            RawHttp.Utf8(Batch(Started())));

        var response = await RawHttp.SendAsync(host.BaseAddress, request);

        response.Status.ShouldBe(400, response.ToString());
        response.IsProblem.ShouldBeTrue();
        response.Problem().ErrorsFor("Idempotency-Key").ShouldHaveSingleItem().ShouldContain("once");
        (await host.Client(ApiHost.ReadKey).GetAsync($"/api/streams/{stream}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static byte[] Concat(params ReadOnlySpan<byte[]> parts)
    {
        var all = new List<byte>();
        foreach (var part in parts) all.AddRange(part);
        return [.. all];
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, byte[] b, ReadOnlySpan<byte> c) => Concat(a.ToArray(), b, c.ToArray());
}
