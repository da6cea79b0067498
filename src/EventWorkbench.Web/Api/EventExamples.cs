using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;

namespace EventWorkbench.Web.Api;

/// <summary>
/// One valid event of every appendable type, written as the event records themselves (so they cannot drift from
/// the records), and the append bodies the API reference shows. Tests append each body to the real API.
/// </summary>
public static class EventExamples
{
    private const string ProposalId = "p-1";

    /// <summary>By wire name: one event of each type in <see cref="EventCatalogue.Appendable"/>.</summary>
    public static readonly FrozenDictionary<string, IValidatedEvent> ByWireName = new Dictionary<string, IValidatedEvent>
    {
        ["interaction_started"] = new InteractionStarted("chat", "Where is my order?", SubjectId: "customer-42", Product: "support-replies"),
        ["skill_executed"] = new SkillExecuted("order-lookup", Succeeded: true,
            Input: JsonObject("""{ "orderId": "A-1001" }"""), Output: JsonObject("""{ "status": "shipped" }"""), DurationMs: 120),
        ["proposal_generated"] = new ProposalGenerated(ProposalId, "gpt-4o",
            [new ChatMessage("system", "You answer customer questions."), new ChatMessage("user", "Where is my order?")],
            "Your order ships tomorrow.", ContentType.Text, PromptVersion: "support-v3",
            Parameters: JsonObject("""{ "temperature": 0.2 }""")),
        ["proposal_edited"] = new ProposalEdited(ProposalId, "agent-7", "Your order ships tomorrow morning.", Comment: "More precise"),
        ["proposal_accepted"] = new ProposalAccepted(ProposalId, "agent-7"),
        ["proposal_rejected"] = new ProposalRejected(ProposalId, "agent-7", Reason: "Wrong order"),
        ["feedback_given"] = new FeedbackGiven("customer-42", Rating: 1, ProposalId: ProposalId, Tags: ["helpful"]),
        ["path_chosen"] = new PathChosen("Answer or escalate?", ["answer", "escalate"], "answer", "agent-7", Rationale: "Order found"),
        ["event_corrected"] = new EventCorrected(CorrectsVersion: 1, "agent-7", "The interaction came in by email", JsonObject("""{ "channel": "email" }""")),
        ["example_curated"] = new ExampleCurated(ProposalId, "ml-engineer", CurationVerdict.Include, Quality: 4, Tags: ["shipping"]),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The data of the example event of <paramref name="wireName"/>, as the API reads it.</summary>
    public static JsonObject Data(string wireName) =>
        JsonSerializer.SerializeToNode(ByWireName[wireName], ByWireName[wireName].GetType(), EventCatalogue.Output)!.AsObject();

    /// <summary>An envelope of the append request: <c>{ "type": ..., "data": ... }</c>.</summary>
    public static JsonObject Envelope(string wireName) => new() { ["type"] = wireName, ["data"] = Data(wireName) };

    /// <summary>Append bodies by name: a typical start of an interaction first, then one body per event type.</summary>
    public static IEnumerable<(string Name, string Summary, JsonObject Body)> AppendBodies()
    {
        yield return ("interaction", "A new interaction: the question and the AI's proposal",
            Body(["interaction_started", "proposal_generated"], new JsonObject { ["expectedVersion"] = 0, ["correlationId"] = "req-1" }));
        foreach (var wireName in ByWireName.Keys.Order(StringComparer.Ordinal))
            yield return (wireName, $"One {wireName} event", Body([wireName], []));
    }

    private static JsonObject Body(string[] wireNames, JsonObject fields)
    {
        fields["events"] = new JsonArray([.. wireNames.Select(Envelope)]);
        return fields;
    }

    private static JsonElement JsonObject(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
