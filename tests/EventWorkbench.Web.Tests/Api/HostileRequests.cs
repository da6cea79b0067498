using System.Globalization;
using System.Text;
using static EventWorkbench.Web.Tests.Api.RawHttp;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// One malformed request as raw bytes. <see cref="MustBeRefused"/>: it must get a 4xx (every append here has a defect;
/// a few reads are odd but legal). <see cref="AnsweredByKestrel"/>: the server refuses it while parsing the request, before
/// the app runs, so its answer is a bare status line with no problem body (the app never saw it to write one).
/// </summary>
public sealed record HostileRequest(string Kind, byte[] Bytes, bool MustBeRefused, bool AnsweredByKestrel = false)
{
    public override string ToString()
    {
        var text = Encoding.Latin1.GetString(Bytes);
        return $"[{Kind}] {(text.Length > 300 ? text[..300] + "…" : text)}";
    }
}

/// <summary>
/// Malformed requests against every API endpoint, generated from a seed: each kind in turn, with random variations.
/// Every append carries at least one defect, so none of them may write anything.
/// </summary>
public static partial class HostileRequests
{
    private const string Started = """{"type":"interaction_started","data":{"channel":"chat","input":"hi"}}""";
    private const string Accepted = """{"type":"proposal_accepted","data":{"proposalId":"p1","by":"ana"}}""";

    private static readonly (string Kind, Func<Random, HostileRequest> Make)[] Kinds =
    [
        ("lone surrogate in the body", LoneSurrogate),
        ("invalid UTF-8 in the body", InvalidUtf8Body),
        ("NUL in the body", NulInBody),
        ("number jsonb cannot hold", HugeNumber),
        ("Marten's own stream id", ReservedStreamId),
        ("look-alike id", LookAlikeId),
        ("dot segments as written", DotSegments),
        ("NUL in the query string", NulInQuery),
        ("missing or wrong content type", WrongContentType),
        ("no, wrong or weak key", BadKey),
        ("broken JSON", BrokenJson),
        ("wrong JSON types", WrongTypes),
        ("huge strings", HugeStrings),
        ("10,000-deep nesting", DeepNesting),
        ("negative and huge versions", BadVersions),
        ("too many events", TooManyEvents),
        ("oversized headers", OversizedHeaders),
        ("duplicate headers", DuplicateHeaders),
        ("wrong method", WrongMethod),
        ("invalid UTF-8 in a header", InvalidUtf8Header),
        ("bad path encoding", BadPath),
        ("bad framing", BadFraming),
        ("unreadable query values", UnreadableQuery),
        ("duplicate or unknown fields", DuplicateOrUnknownFields),
    ];

    public static int KindCount => Kinds.Length;

    public static IEnumerable<HostileRequest> Generate(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++) yield return Kinds[i % Kinds.Length].Make(random);
    }

    // --- building blocks -------------------------------------------------------------------------------------------

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static string StreamId(Random random) => $"fuzz-{random.Next():x8}";

    private static string StreamPath(Random random, string? id = null) => $"/api/streams/{Uri.EscapeDataString(id ?? StreamId(random))}/events";

    private static HostileRequest Append(string kind, Random random, byte[] body, string? path = null, string key = ApiHost.AppendKey,
        params byte[][] headers) =>
        new(kind, Request("POST", Ascii(path ?? StreamPath(random)), [Bearer(key), JsonType, .. headers], body), MustBeRefused: true);

    private static HostileRequest Get(string kind, string target, bool mustBeRefused = true) =>
        new(kind, Request("GET", Ascii(target), [Bearer(ApiHost.ReadKey)], null), mustBeRefused);

    private static byte[] Batch(params string[] events) => Utf8($$"""{"events":[{{string.Join(",", events)}}]}""");

    /// <summary>A body whose one hole (a string's content, a field name, a number) holds the given raw bytes.</summary>
    private static byte[] BodyWith(Random random, byte[] hole, bool number = false)
    {
        string[] stringHoles =
        [
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a§b"}}]}""",
            """{"events":[{"type":"interaction_started","data":{"channel":"chat","input":"hi","context":{"§":1}}}]}""",
            """{"events":[{"type":"interaction_started","data":{"channel":"chat","input":"x§"}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"trace":"§"}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"§":"x"}}]}""",
            """{"correlationId":"c§","events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]}""",
            """{"causationId":"§","events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]}""",
            """{"events":[{"type":"proposal_§accepted","data":{"proposalId":"p1","by":"a"}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p§","by":"a"}}]}""",
            """{"events":[{"type":"skill_executed","data":{"skill":"s","succeeded":true,"output":{"rows":["ok","§"]}}}]}""",
        ];
        string[] numberHoles =
        [
            """{"events":[{"type":"interaction_started","data":{"channel":"chat","input":"hi","context":{"n":§}}}]}""",
            """{"events":[{"type":"skill_executed","data":{"skill":"s","succeeded":true,"input":{"a":[1,§]}}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"score":§}}]}""",
            """{"expectedVersion":§,"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]}""",
            """{"events":[{"type":"proposal_generated","data":{"proposalId":"p","model":"m","messages":[{"role":"user","content":"q"}],"content":"c","contentType":"text","parameters":{"temperature":§}}}]}""",
        ];
        var template = Pick(random, number ? numberHoles : stringHoles);
        var at = template.IndexOf('§', StringComparison.Ordinal);
        return Concat(Utf8(template[..at]), hole, Utf8(template[(at + 1)..]));
    }

    // --- the kinds -----------------------------------------------------------------------------------------------------

    private static HostileRequest LoneSurrogate(Random random) =>
        Append("lone surrogate in the body", random,
            BodyWith(random, Ascii(Pick(random, "\\ud800", "\\udc00", "\\udbff\\u0041", "x\\ud83d", "\\ude00\\ud83d", "\\ud800\\n"))));

    private static HostileRequest InvalidUtf8Body(Random random) =>
        Append("invalid UTF-8 in the body", random,
            BodyWith(random, Pick<byte[]>(random, [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80])));

    private static HostileRequest NulInBody(Random random) =>
        Append("NUL in the body", random, BodyWith(random, Ascii(Pick(random, "\\u0000", "a\\u0000", "\\u0000\\u0000"))));

    private static HostileRequest HugeNumber(Random random) =>
        Append("number jsonb cannot hold", random, BodyWith(random, Ascii(Pick(random,
            "1e999999", "-1e999999", "1e131072", "1.5e-16383", "0e-999999", "1e-16384", "0e1073741823", "9.9e1000000000", "-0.1e131073")), number: true));

    private static HostileRequest ReservedStreamId(Random random)
    {
        var id = Pick(random, "mt_tombstone", "MT_TOMBSTONE", "mt_events", "mt_", "Mt_streams", "mt_x");
        return random.Next(3) == 0
            ? Get("Marten's own stream id", $"/api/streams/{id}")
            : Append("Marten's own stream id", random, Batch(Accepted), StreamPath(random, id));
    }

    private static HostileRequest LookAlikeId(Random random)
    {
        var invisible = Pick(random, "\uFEFF", "\u200B", "\u200C", "\u200D", "\u2060", "\u2028", "\u2029", "\u202E", "\u202A", "\u2066", "\u200F", "\u00AD", "\u061C");
        var id = Pick(random, $"{invisible}support-42", $"support{invisible}-42", $"support-42{invisible}");
        return random.Next(4) switch
        {
            0 => Append("look-alike id", random, Batch(Accepted), StreamPath(random, id)),
            1 => Append("look-alike id", random, Utf8($$$"""{"events":[{"type":"proposal_accepted","data":{"proposalId":"{{{id}}}","by":"a"}}]}""")),
            2 => Append("look-alike id", random, Utf8($$$"""{"events":[{"type":"interaction_started","data":{"channel":"chat","input":"hi","subjectId":"{{{id}}}"}}]}""")),
            _ => Append("look-alike id", random, Utf8($$"""{"correlationId":"{{id}}","events":[{{Started}}]}""")),
        };
    }

    private static HostileRequest DotSegments(Random random)
    {
        var target = Pick(random,
            "/api/streams/A/../B/events", "/api/streams/A/%2e%2e/B/events", "/api/streams/A/%2E%2E/B/events", "/api/streams/./A/events",
            "/api/x/../streams/A/events", "/api/streams/A/./events", "/api/streams/A/%2e/events");
        var a = StreamId(random);
        return Append("dot segments as written", random, Batch(Accepted), target.Replace("A", a, StringComparison.Ordinal));
    }

    private static HostileRequest NulInQuery(Random random) =>
        Get("NUL in the query string", Pick(random,
            "/api/streams?text=%00", "/api/streams?product=a%00b", "/api/proposals?text=%00", "/api/proposals?model=%00",
            "/api/proposals/p1?streamId=%00", "/api/streams/s1/events?x=%00", "/api/proposals?%00=1", "/api/streams?text=%00&page=1",
            "/api/proposals?promptVersion=v%00"));

    private static HostileRequest WrongContentType(Random random)
    {
        var body = Batch(Started);
        var contentType = Pick<byte[]?>(random, null, Header("Content-Type", ";;;"), Header("Content-Type", "text/plain"),
            Header("Content-Type", "application/x-www-form-urlencoded"), Header("Content-Type", "application/json; charset=latin1"),
            Header("Content-Type", "json"), Header("Content-Type", "application/"), Header("Content-Type", ""),
            Header("Content-Type", "multipart/form-data; boundary=x"));
        byte[][] headers = contentType is null ? [Bearer(ApiHost.AppendKey)] : [Bearer(ApiHost.AppendKey), contentType];
        return new("missing or wrong content type", Request("POST", Ascii(StreamPath(random)), headers, body), MustBeRefused: true);
    }

    private static HostileRequest BadKey(Random random)
    {
        var authorization = Pick<byte[]?>(random, null, Bearer("not-a-key"), Header("Authorization", "Basic YTpi"), Bearer(""),
            Header("Authorization", "Bearer"), Bearer(ApiHost.AppendKey + "x"), Bearer("\u00e9t\u00e9"));
        if (random.Next(2) == 0)
        {
            // A read with no key, a wrong one, or the append key, which lacks the read scope.
            byte[][] readHeaders = authorization is null ? [] : random.Next(3) == 0 ? [Bearer(ApiHost.AppendKey)] : [authorization];
            return new("no, wrong or weak key", Request("GET", Ascii(Pick(random, "/api/streams", "/api/proposals", "/api/streams/s1")), readHeaders, null),
                MustBeRefused: true);
        }
        // An append with no key, a wrong one, or the read key, which lacks the append scope; whatever its content type.
        var key = random.Next(4) == 0 ? Bearer(ApiHost.ReadKey) : authorization;
        var contentType = Pick<byte[]?>(random, JsonType, Header("Content-Type", "text/plain"), null);
        byte[][] headers = [.. new[] { key, contentType }.OfType<byte[]>()];
        return new("no, wrong or weak key", Request("POST", Ascii(StreamPath(random)), headers, Batch(Started)), MustBeRefused: true);
    }

    private static HostileRequest BrokenJson(Random random) =>
        Append("broken JSON", random, Utf8(Pick(random,
            """{"events":[{"type":"interaction_started",""", """{"events":[]}}""", """{'events':[]}""", """{"events":[/* c */]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a",}}]}""", "", " ", "null", "[]", "\"text\"", "123",
            "true", """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]} trailing""", "\uFEFF{\"events\":[]}",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]""", """{"events":[NaN]}""", """{"a":"\x"}""",
            """{"events":["unterminated]}""", "{\"events\":[\"tab\there\"]}")));

    private static HostileRequest WrongTypes(Random random) =>
        Append("wrong JSON types", random, Utf8(Pick(random,
            """{"events":3}""", """{"events":{}}""", """{"events":"x"}""", """{"expectedVersion":"1","events":[]}""",
            """{"expectedVersion":1.5,"events":[]}""", """{"expectedVersion":true,"events":[]}""", """{"events":[5]}""",
            """{"events":[{"type":5,"data":{}}]}""", """{"events":[{"type":"proposal_accepted","data":[]}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":[]}]}""",
            """{"correlationId":7,"events":[]}""", """{"events":[{"type":"feedback_given","data":{"by":"a","rating":"1"}}]}""",
            """{"events":[{"type":"feedback_given","data":{"by":"a","rating":1.5}}]}""",
            """{"events":[{"type":"example_curated","data":{"proposalId":"p","by":"a","verdict":0}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":null,"by":"a"}}]}""", """{"events":null}""",
            """{"events":[null]}""", """{"events":[{"type":null,"data":{}}]}""")));

    private static HostileRequest HugeStrings(Random random) => random.Next(4) switch
    {
        0 => Append("huge strings", random, Batch($$$"""{"type":"interaction_started","data":{"channel":"chat","input":"{{{new string('x', (int)ApiHost.MaxBodyBytes)}}}"}}""")),
        1 => Append("huge strings", random, Batch($$$"""{"type":"proposal_accepted","data":{"proposalId":"{{{new string('p', random.Next(201, 20_000))}}}","by":"a"}}""")),
        2 => Append("huge strings", random, Batch(Accepted), StreamPath(random, new string('s', random.Next(201, 2_000)))),
        _ => Get("huge strings", $"/api/streams?text={new string('t', random.Next(1_000, 6_000))}", mustBeRefused: false),
    };

    private static HostileRequest DeepNesting(Random random)
    {
        var depth = Pick(random, 10_000, 65, 200);
        var (open, close) = Pick(random, ("[", "]"), ("{\"a\":", "}"));
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return Append("10,000-deep nesting", random, Pick(random,
            Batch("""{"type":"interaction_started","data":{"channel":"chat","input":"hi","context":{"deep":""" + nested + """}}}"""),
            Utf8(nested)));
    }

    private static HostileRequest BadVersions(Random random)
    {
        if (random.Next(2) == 0)
        {
            var version = Pick(random, "-1", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "99999999999999999999", "1e30", "9007199254740992");
            return Append("negative and huge versions", random, Utf8($$"""{"expectedVersion":{{version}},"events":[{{Started}}]}"""));
        }
        return Get("negative and huge versions", Pick(random,
            "/api/streams/s1/events?fromVersion=-1", "/api/streams/s1/events?toVersion=-5", "/api/streams/s1/events?fromVersion=99999999999999999999",
            "/api/streams/s1/events?fromVersion=5&toVersion=2", "/api/streams/s1/events?fromVersion=1.5", "/api/streams/s1/events?toVersion=abc",
            "/api/streams?page=-1", "/api/streams?pageSize=0", "/api/streams?pageSize=100000", "/api/streams?page=99999999999",
            "/api/proposals?page=0", "/api/proposals?pageSize=-3", "/api/proposals?minSimilarity=2", "/api/proposals?maxSimilarity=-1"));
    }

    private static HostileRequest TooManyEvents(Random random) =>
        Append("too many events", random, Batch(Enumerable.Repeat(Accepted, Pick(random, 101, 500, 1_001)).ToArray()));

    private static HostileRequest UnreadableQuery(Random random) =>
        Get("unreadable query values", Pick(random,
            "/api/streams?page=abc", "/api/streams?pageSize=1e99", "/api/streams?descending=maybe", "/api/streams?sort=%FF",
            "/api/proposals?minSimilarity=NaN", "/api/proposals?from=yesterday", "/api/proposals?curated=2", "/api/proposals?outcome=%F0%9F%92%A9",
            "/api/proposals/p1?ignoreWhitespace=nope", "/api/streams/s1/events?fromVersion=%00", "/api/streams?page=%C0%AF",
            "/api/proposals?to=2026-13-45", "/api/proposals?pageSize=" + new string('9', 40)));

    private static HostileRequest DuplicateOrUnknownFields(Random random) =>
        Append("duplicate or unknown fields", random, Utf8(Pick(random,
            """{"events":[],"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a","by":"\u0000"}}]}""",
            """{"events":[{"type":"proposal_accepted","type":"interaction_started","data":{"proposalId":"p1","by":"a"}}]}""",
            """{"expectedVersoin":0,"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"extra":1}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a","approvedBy":"x"}}]}""",
            """{"events":[{"type":"proposal_accepted","data":{"proposalId":"p1","by":"a"},"headers":{"source":"evil"}}]}""",
            """{"events":[{"type":"interaction_started","data":{"channel":"c","input":"i","context":{"k":1,"k":2}}}]}""")));

    /// <summary>The count from FUZZ_REQUESTS, or the default.</summary>
    public static int CountFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_REQUESTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : fallback;

    /// <summary>The seed from FUZZ_SEED, or the default, so a failing run can be repeated.</summary>
    public static int SeedFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : fallback;
}
