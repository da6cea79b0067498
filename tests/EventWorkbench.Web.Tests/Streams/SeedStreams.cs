using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Web.Tests.Streams;

/// <summary>Four interactions with known shapes; built from anonymous objects as a client's JSON would arrive.</summary>
public static class SeedStreams
{
    public const string Support = "support-0001";   // 2 proposals: one accepted after an edit, one rejected; 6 events
    public const string Review = "review-0001";     // 1 proposal accepted unchanged; 3 events
    public const string Contract = "contract-0001"; // 1 proposal pending; 2 events
    public const string Hostile = "hostile-0001";   // HTML and script in every text field; 2 events

    public const string HostileInput = "<script>alert('input')</script><b>bold?</b>";
    public const string HostileContent = "<img src=x onerror=\"alert(1)\"><script>document.title='pwned'</script>";

    public static async Task AppendAsync(EventAppender appender)
    {
        await Append(appender, Support, "support-bot", "corr-support",
            Started("support-replies", "Where is my parcel? Order 4411."),
            Proposal("p1", "It ships tomorrow."),
            Event("proposal_edited", new { proposalId = "p1", editor = "agent.tom", content = "It ships on Thursday.", comment = "date" }),
            Event("proposal_accepted", new { proposalId = "p1", by = "agent.tom" }),
            Proposal("p2", "Would you like a refund?"),
            Event("proposal_rejected", new { proposalId = "p2", by = "agent.tom", reason = "Not offered" }));
        await Append(appender, Review, "review-bot", "corr-review",
            Started("code-review", "Review PR 17: retry policy"),
            Proposal("p1", "Use exponential backoff."),
            Event("proposal_accepted", new { proposalId = "p1", by = "dev.ana" }));
        await Append(appender, Contract, "contract-bot", "corr-contract",
            Started("contract-drafting", "Draft a liability clause"),
            Proposal("p1", "The supplier's liability is limited to the fees paid."));
        await Append(appender, Hostile, "<b>actor</b>", "corr-<i>hostile</i>",
            Started("support-replies", HostileInput),
            Proposal("p1", HostileContent));
    }

    public static EventEnvelope Event(string type, object data) =>
        new(type, JsonSerializer.SerializeToElement(data, EventCatalogue.Output));

    public static EventEnvelope Started(string product, string input) =>
        Event("interaction_started", new { channel = "chat", product, input });

    public static EventEnvelope Proposal(string proposalId, string content) =>
        Event("proposal_generated", new
        {
            proposalId,
            model = "gpt-x",
            messages = new[] { new { role = "user", content = "Please help." } },
            content,
            contentType = "text",
        });

    public static async Task Append(EventAppender appender, string streamId, string actor, string correlationId, params EventEnvelope[] events)
    {
        var outcome = await appender.AppendAsync(
            streamId, new AppendRequest(events, CorrelationId: correlationId, CausationId: "cause-1"), new AppendContext(actor, "api"));
        outcome.ShouldBeOfType<AppendOutcome.Appended>($"seeding {streamId}: {outcome}");
    }
}
