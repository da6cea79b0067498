using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static EventWorkbench.Web.Tests.Api.Json;
using static EventWorkbench.Web.Tests.Api.RawHttp;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// How requests the server cannot read are answered: bodies cut short or too slow, wrong media types, NUL in a query,
/// and the errors Kestrel raises itself. The app answers with problem+json wherever it gets to see the request.
/// </summary>
public sealed class HostileTransportTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _reader = host.Client(ApiHost.ReadKey);

    private async Task<bool> ExistsAsync(string streamId) =>
        (await _reader.GetAsync($"/api/streams/{streamId}")).StatusCode == HttpStatusCode.OK;

    private static byte[] AppendHead(string stream, long contentLength) =>
        Request("POST", Ascii($"/api/streams/{stream}/events"), [Bearer(ApiHost.AppendKey), JsonType, Header("Content-Length", $"{contentLength}")],
            body: null);

    [Fact]
    public async Task A_body_shorter_than_its_content_length_gets_a_4xx_problem_not_a_500()
    {
        var stream = NewStreamId();
        var body = Utf8(Batch(Started()));
        var clock = Stopwatch.StartNew();

        // Half the body, then nothing: Kestrel's minimum body data rate (240 bytes/s after a 5 s grace) gives up first.
        var response = await SendAsync(host.BaseAddress, Concat(AppendHead(stream, body.Length * 2), body), TimeSpan.FromSeconds(30));

        response.Status.ShouldBeOneOf([400, 408], response.ToString());
        response.IsProblem.ShouldBeTrue(response.ToString());
        response.Problem().ErrorsFor("body").ShouldNotBeEmpty();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        (await ExistsAsync(stream)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_client_that_closes_its_side_mid_body_writes_nothing_and_causes_no_5xx()
    {
        var stream = NewStreamId();
        var body = Utf8(Batch(Started()));

        var response = await SendAsync(host.BaseAddress, Concat(AppendHead(stream, body.Length * 2), body), closeAfterSending: true);

        // Kestrel treats the closed side as an aborted request: it gives no answer, or a 400 problem if one gets out.
        if (response.Status != 0)
        {
            response.Status.ShouldBe(400, response.ToString());
            response.IsProblem.ShouldBeTrue();
        }
        (await ExistsAsync(stream)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_body_trickling_in_past_the_read_timeout_gets_408_problem()
    {
        var stream = NewStreamId();
        var body = Utf8(Batch(Started(input: new string('x', 20_000))));
        using var client = new System.Net.Sockets.TcpClient { NoDelay = true };
        await client.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var socket = client.GetStream();
        await socket.WriteAsync(AppendHead(stream, body.Length));
        var clock = Stopwatch.StartNew();

        // 500 bytes every half second: well above Kestrel's minimum rate, far below what the whole body needs in time.
        try
        {
            for (var sent = 0; sent < body.Length && clock.Elapsed < TimeSpan.FromSeconds(20); sent += 500)
            {
                await socket.WriteAsync(body.AsMemory(sent, Math.Min(500, body.Length - sent)));
                await Task.Delay(500);
                if (client.Available > 0) break;
            }
        }
        catch (IOException)
        {
            // The server answered and closed while we were still sending.
        }
        var answer = new byte[64 * 1024];
        var read = await socket.ReadAsync(answer);
        var text = Encoding.UTF8.GetString(answer, 0, read);

        text.ShouldStartWith("HTTP/1.1 408", customMessage: text);
        text.ShouldContain("application/problem+json");
        text.ShouldContain("Api:BodyReadTimeout");
        clock.Elapsed.ShouldBeLessThan(ApiHost.BodyReadTimeout + TimeSpan.FromSeconds(5));
        (await ExistsAsync(stream)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(";;;")]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/")]
    public async Task A_body_without_a_json_content_type_gets_415_problem(string? contentType)
    {
        var stream = NewStreamId();
        using var content = new ByteArrayContent(Utf8(Batch(Started())));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        else content.Headers.ContentType = null;

        var response = await _writer.PostAsync($"/api/streams/{stream}/events", content);

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        (await ExistsAsync(stream)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    public async Task Without_a_key_the_answer_is_401_whatever_the_content_type(string? contentType)
    {
        using var content = new ByteArrayContent(Utf8(Batch(Started())));
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        var response = await host.Client().PostAsync($"/api/streams/{NewStreamId()}/events", content);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/streams?text=%00", "text")]
    [InlineData("/api/proposals?text=%00", "text")]
    [InlineData("/api/proposals/p1?streamId=%00", "streamId")]
    [InlineData("/api/streams?product=a%00b&page=1", "product")]
    public async Task Nul_in_a_query_string_is_400_naming_the_parameter(string target, string parameter)
    {
        var problem = await (await _reader.GetAsync(target)).ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor(parameter).ShouldHaveSingleItem().ShouldContain("NUL");
    }

    [Theory]
    [InlineData("/api/streams/s1/events?fromVersion=99999999999999999999", "fromVersion", "whole number")]
    [InlineData("/api/streams/s1/events?toVersion=abc", "toVersion", "whole number")]
    [InlineData("/api/proposals/p1?ignoreWhitespace=maybe", "ignoreWhitespace", "true or false")]
    public async Task A_query_value_that_does_not_read_is_400_naming_it_without_type_names(string target, string parameter, string expected)
    {
        var problem = await (await _reader.GetAsync(target)).ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor(parameter).ShouldHaveSingleItem().ShouldContain(expected);
        problem.ToJsonString().ShouldNotContain("Nullable");
        problem.ToJsonString().ShouldNotContain("System.");
    }

    public static TheoryData<string, byte[], int> KestrelRefusals => new()
    {
        { "URI over 64 KB", Request("GET", Ascii($"/api/streams/{new string('u', 70_000)}"), [Bearer(ApiHost.ReadKey)], null), 414 },
        { "headers over 256 KB", Request("GET", Ascii("/api/streams"), [Bearer(ApiHost.ReadKey), Header("X-Big", new string('h', 270_000))], null), 431 },
        { "over 800 headers", Request("GET", Ascii("/api/streams"), [Bearer(ApiHost.ReadKey), .. Enumerable.Range(0, 820).Select(i => Header($"X-{i}", "v"))], null), 431 },
        { "Content-Length not a number", Request("POST", Ascii("/api/streams/s/events"), [Bearer(ApiHost.AppendKey), JsonType, Header("Content-Length", "abc")], Utf8("{}"), contentLength: false), 400 },
        { "Content-Length past 2^63", Request("POST", Ascii("/api/streams/s/events"), [Bearer(ApiHost.AppendKey), JsonType, Header("Content-Length", "99999999999999999999999")], Utf8("{}"), contentLength: false), 400 },
        { "two Content-Lengths", Request("POST", Ascii("/api/streams/s/events"), [Bearer(ApiHost.AppendKey), JsonType, Header("Content-Length", "1")], Utf8("{}")), 400 },
        { "%00 in the path", Request("GET", Ascii("/api/streams/a%00b"), [Bearer(ApiHost.ReadKey)], null), 400 },
        { "invalid UTF-8 in a header name", Request("GET", Ascii("/api/streams"), [Bearer(ApiHost.ReadKey), Concat(Ascii("X-"), [0xC3], Ascii(": v"))], null), 400 },
    };

    public static TheoryData<string, byte[], int, string> UnreadableRequests => new()
    {
        { "URI over 8 KB", Request("GET", Ascii($"/api/streams/{new string('u', 9_000)}"), [Bearer(ApiHost.ReadKey)], null), 414, "address" },
        { "page address over 8 KB", Request("GET", Ascii($"/streams?product={new string('u', 9_000)}"), [], null), 414, "address" },
        { "headers over 32 KB", Request("GET", Ascii("/api/streams"), [Bearer(ApiHost.ReadKey), Header("X-Big", new string('h', 40_000))], null), 431, "headers" },
        { "over 100 headers", Request("GET", Ascii("/api/streams"), [Bearer(ApiHost.ReadKey), .. Enumerable.Range(0, 120).Select(i => Header($"X-{i}", "v"))], null), 431, "headers" },
        { "invalid UTF-8 in a header value", Request("GET", Ascii("/api/streams"), [Bearer(ApiHost.ReadKey), Concat(Ascii("X-Trace: a"), [0xFF])], null), 400, "X-Trace" },
        { "an idempotency key that is not ASCII", Request("POST", Ascii("/api/streams/oversized/events"), [Bearer(ApiHost.AppendKey), JsonType, Concat(Ascii("Idempotency-Key: k"), [0xC3, 0xA9])], Utf8(Batch(Started()))), 400, "Idempotency-Key" },
        { "append with headers over 32 KB", Request("POST", Ascii("/api/streams/oversized/events"), [Bearer(ApiHost.AppendKey), JsonType, Header("X-Big", new string('h', 40_000))], Utf8(Batch(Started()))), 431, "headers" },
    };

    /// <summary>
    /// The workbench's limits sit well below Kestrel's, and it reads header values itself: a request over a limit or
    /// with a header value that is not ASCII gets a problem naming the limit or the header, before authentication, and
    /// writes nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(UnreadableRequests))]
    public async Task A_request_over_a_limit_or_with_an_unreadable_header_gets_a_problem_naming_it(string why, byte[] request, int status, string field)
    {
        var response = await SendAsync(host.BaseAddress, request);

        response.Status.ShouldBe(status, why);
        response.IsProblem.ShouldBeTrue(why);
        response.Problem().ErrorsFor(field).ShouldHaveSingleItem().ShouldNotBeNullOrWhiteSpace();
        (await ExistsAsync("oversized")).ShouldBeFalse();
    }

    /// <summary>
    /// Kestrel refuses these while it parses the request, before any middleware runs, and writes the status line alone:
    /// the app never sees them, so it cannot add a problem body (every bodiless error the app does see gets one, below).
    /// </summary>
    [Theory]
    [MemberData(nameof(KestrelRefusals))]
    public async Task Kestrel_refuses_unparseable_requests_itself_with_a_bare_status(string why, byte[] request, int status)
    {
        var response = await SendAsync(host.BaseAddress, request);

        response.Status.ShouldBe(status, why);
        response.Body.ShouldBeEmpty(why);
        response.Header("content-type").ShouldBeNull(why);
    }

    [Theory]
    [InlineData("GET", "/api/nothing-here", "text/html", 404)]
    [InlineData("DELETE", "/api/streams/s1", "text/html", 405)]
    [InlineData("PUT", "/api/streams/s1/events", "application/json", 405)]
    public async Task Errors_the_framework_raises_on_the_api_carry_problem_bodies_whatever_the_accept_header(
        string method, string target, string accept, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.AdminKey);
        request.Headers.Accept.ParseAdd(accept);

        var problem = await (await host.Client().SendAsync(request)).ProblemAsync((HttpStatusCode)status);

        problem["detail"]!.ToString().ShouldNotBeNullOrWhiteSpace();
    }
}
