using System.Text.Json;
using EventWorkbench.Demo;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using JasperFx.Events;
using Marten;

namespace EventWorkbench.Tests.Export;

/// <summary>
/// A store whose every byte is the same on every run: synthetic streams plus hand-written ones with corrections (of a
/// start, a generation, an edit, a curation label and a rejection), relabels, rejections followed by an accepted retry,
/// a decision changed later, duplicates, a blank edit, JSON content, text a spreadsheet would run, and a workbench
/// stream that exports leave out. Ids and timestamps are fixed and it is bulk-appended in one transaction into a fresh
/// database, so sequence numbers are fixed too.
/// </summary>
public static class GoldenStore
{
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static async Task<DocumentStore> CreateAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync("export_golden");
        var store = TestStores.For(database);
        var registry = (IEventRegistry)store.Options.Events;
        var streams = SyntheticStreams.ForEvents(1, 2_500).Concat(HandWritten()).Select(s => SyntheticSeeder.ToStreamAction(registry, s)).ToList();
        await store.BulkInsertEventsAsync(streams, batchSize: streams.Sum(s => s.Events.Count));
        return store;
    }

    private static IEnumerable<SyntheticStream> HandWritten()
    {
        ChatMessage[] prompt = [new("system", "Be brief."), new("user", "Where is my parcel?")];
        yield return Stream(1,
            Started("golden-shop"),
            Generated("p1", "It ship tomorow.", prompt),
            new ProposalEdited("p1", "ana", "It ships tomorrow.", "typo"),
            new ProposalAccepted("p1", "ana"),
            Corrected(2, new { content = "It will ship tomorrow!", model = "gpt-fixed", promptVersion = "v9" }),
            Corrected(3, new { content = "It ships on Monday." }),
            new ExampleCurated("p1", "ml", CurationVerdict.Include, 5, ["sft", "golden"], "good"),
            new ExampleCurated("p1", "ml", CurationVerdict.Exclude, 2, ["sft"], "second thoughts"),
            Corrected(8, new { verdict = "include", quality = 4, tags = new[] { "sft", "golden" } }),
            Corrected(1, new { product = "golden-shop-fixed" }));
        yield return Stream(2,
            Started("golden-shop"),
            Generated("p1", "No idea.", prompt),
            new ProposalRejected("p1", "bo", "unhelpful"),
            Generated("p2", "Tracking says Friday.", [.. prompt, new("assistant", "No idea."), new("user", "Please look.")]),
            new ProposalEdited("p2", "bo", "Tracking says Friday, before noon."),
            new ProposalAccepted("p2", "bo"),
            new FeedbackGiven("customer", 1, "p2", "thanks", ["speed"]),
            Corrected(3, new { reason = "rude" }),
            new ExampleCurated("p2", "ml", CurationVerdict.Include, 3, ["dpo"]));
        yield return Stream(3,
            Started("golden-shop"),
            Generated("p1", "Same words.", prompt),
            new ProposalAccepted("p1", "cy"),
            Generated("p2", "  same   WORDS. ", prompt),
            new ProposalAccepted("p2", "cy"),
            Generated("p3", "Blank me.", prompt),
            new ProposalEdited("p3", "cy", "  \n\t "),
            new ProposalAccepted("p3", "cy"));
        yield return Stream(4,
            Started("golden-tools"),
            Generated("p1", "{\"refund\": 10, \"reason\": \"late\"}", prompt, ContentType.Json),
            new ProposalEdited("p1", "di", "{\"refund\": 12, \"reason\": \"late\"}"),
            new ProposalAccepted("p1", "di"),
            new ProposalRejected("p1", "eve", "changed my mind"),
            new ProposalEdited("p1", "eve", "{\"refund\": 0}"),
            Generated("p2", "=SUM(A1:A3) \"quoted\", ünïcödé ✓", prompt),
            new ProposalEdited("p2", "di", "+1 line\r\nnext, \"done\""),
            new ProposalAccepted("p2", "di"),
            new ExampleCurated("p2", "ml", CurationVerdict.Exclude, 1, ["noise"]));
        yield return Stream(5,
            Started("golden-tools"),
            Generated("p1", "Pending answer.", prompt),
            new ProposalEdited("p1", "fa", "Pending, edited."),
            Generated("p2", "Accepted as is.", prompt),
            new ProposalAccepted("p2", "fa"),
            new ExampleCurated("p2", "ml", CurationVerdict.Include, 5, ["sft"]));
        yield return new SyntheticStream("Workbench-golden", Events(99,
            Started("golden-shop"), Generated("p1", "Never exported.", prompt), new ProposalAccepted("p1", "ana")));
    }

    private static SyntheticStream Stream(int number, params object[] data) => new($"golden-{number:D3}", Events(number, data));

    private static List<SyntheticEvent> Events(int number, params object[] data) =>
        data.Select((d, i) => new SyntheticEvent(
            new Guid($"{number:D8}-0000-8000-8000-{i:D12}"), d, "golden", null, Epoch.AddHours(number).AddMinutes(i * 7))).ToList();

    private static InteractionStarted Started(string product) => new("chat", "Where is my parcel?", null, product);

    private static ProposalGenerated Generated(string id, string content, ChatMessage[] messages, ContentType type = ContentType.Text) =>
        new(id, "gpt-golden", messages, content, type, "2025-03", "v2", "because", JsonSerializer.SerializeToElement(new { temperature = 0.1 }));

    private static EventCorrected Corrected(long version, object correction) =>
        new(version, "ops", "fix", JsonSerializer.SerializeToElement(correction));
}
