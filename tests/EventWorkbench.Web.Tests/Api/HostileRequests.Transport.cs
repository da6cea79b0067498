using System.Globalization;
using System.Text;
using static EventWorkbench.Web.Tests.Api.RawHttp;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>The kinds whose defect is in the request around the body: headers, method, path and framing.</summary>
public static partial class HostileRequests
{
    // Over the workbench's limits the app answers (a problem naming the limit); far beyond them, Kestrel does.
    private static HostileRequest OversizedHeaders(Random random) => random.Next(4) switch
    {
        0 => new("oversized headers", Request("GET", Ascii("/api/streams"), [Bearer(ApiHost.ReadKey), Header("X-Big", new string('h', 40_000))], null),
            MustBeRefused: true),
        1 => new("oversized headers", Request("POST", Ascii(StreamPath(random)),
            [Bearer(ApiHost.AppendKey), JsonType, .. Enumerable.Range(0, 120).Select(i => Header($"X-Many-{i}", "v"))], Batch(Started)),
            MustBeRefused: true),
        2 => new("oversized headers", Request("GET", Ascii($"/api/streams/{new string('u', 9_000)}"), [Bearer(ApiHost.ReadKey)], null),
            MustBeRefused: true),
        _ => new("oversized headers", Request("POST", Ascii(StreamPath(random)),
            [Bearer(ApiHost.AppendKey), JsonType, Header("X-Big", new string('h', 300_000))], Batch(Started)),
            MustBeRefused: true, AnsweredByKestrel: true),
    };

    private static HostileRequest DuplicateHeaders(Random random) => random.Next(4) switch
    {
        0 => Append("duplicate headers", random, Batch(Started), null, ApiHost.AppendKey, Header("Idempotency-Key", "a"), Header("Idempotency-Key", "b")),
        1 => Append("duplicate headers", random, Batch(Started), null, ApiHost.AppendKey, Header("Content-Type", "text/plain")),
        2 => new("duplicate headers", Request("POST", Ascii(StreamPath(random)),
            [Bearer(ApiHost.AppendKey), Bearer(ApiHost.AppendKey), JsonType], Batch(Started)), MustBeRefused: true),
        _ => new("duplicate headers", Request("POST", Ascii(StreamPath(random)),
            [Bearer(ApiHost.AppendKey), JsonType, Header("Content-Length", "3")], Batch(Started)), MustBeRefused: true, AnsweredByKestrel: true),
    };

    private static HostileRequest WrongMethod(Random random)
    {
        var (method, target) = Pick(random,
            ("PUT", StreamPath(random)), ("DELETE", "/api/streams/s1"), ("PATCH", "/api/proposals/p1"),
            ("POST", "/api/streams"), ("POST", "/api/proposals"), ("DELETE", "/api/proposals"), ("PUT", "/api/streams/s1/events"),
            ("OPTIONS", "/api/streams"), ("TRACE", "/api/streams"));
        return new("wrong method", Request(method, Ascii(target), [Bearer(ApiHost.AdminKey), JsonType], method is "OPTIONS" or "TRACE" ? null : Batch(Started)),
            MustBeRefused: true);
    }

    private static HostileRequest InvalidUtf8Header(Random random)
    {
        var bad = Pick<byte[]>(random, [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00]);
        var where = random.Next(3);
        var header = where switch
        {
            0 => Concat(Ascii("Idempotency-Key: key-"), bad),
            1 => Concat(Ascii("X-Trace: "), bad),
            _ => Concat(Ascii("X-"), bad, Ascii("Name: v")),
        };
        // The app reads header values byte by byte and refuses any over 0x7F; Kestrel refuses a bad name and NUL anywhere.
        return new("invalid UTF-8 in a header", Request("POST", Ascii(StreamPath(random)), [Bearer(ApiHost.AppendKey), JsonType, header], Batch(Started)),
            MustBeRefused: true, AnsweredByKestrel: where == 2 || bad is [0x00]);
    }

    private static HostileRequest BadPath(Random random)
    {
        var id = StreamId(random);
        var (target, kestrel) = Pick(random,
            ($"/api/streams/{id}%00/events", true), ($"/api/streams/{id}%FF/events", false), ($"/api/streams/{id}%ED%A0%80/events", false),
            ($"/api/streams/{id}%C0%AF/events", false), ($"/api/streams/{id}%/events", false), ($"/api/streams/{id}%E2%80%AE/events", false));
        return new("bad path encoding", Request("POST", Ascii(target), [Bearer(ApiHost.AppendKey), JsonType], Batch(Started)), MustBeRefused: true, kestrel);
    }

    private static HostileRequest BadFraming(Random random)
    {
        var body = Batch(Started);
        return random.Next(3) switch
        {
            0 => new("bad framing", Request("POST", Ascii(StreamPath(random)),
                [Bearer(ApiHost.AppendKey), JsonType, Header("Content-Length", Pick(random, "abc", "-1", "1e3", "99999999999999999999999"))], body, contentLength: false),
                MustBeRefused: true, AnsweredByKestrel: true),
            1 => new("bad framing", Request("POST", Ascii(StreamPath(random)),
                [Bearer(ApiHost.AppendKey), JsonType, Header("Transfer-Encoding", "chunked")], Concat(Ascii("zz\r\n"), body, Ascii("\r\n0\r\n\r\n")), contentLength: false),
                MustBeRefused: true),
            _ => new("bad framing", Request("POST", Ascii(StreamPath(random)),
                [Bearer(ApiHost.AppendKey), JsonType, Header("Transfer-Encoding", "gzip, chunked")], Concat(Ascii("5\r\nhello\r\n0\r\n\r\n")), contentLength: false),
                MustBeRefused: true),
        };
    }
}
