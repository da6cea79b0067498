using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Testing;

/// <summary>
/// A random but reproducible interaction: a start, then proposals, edits, decisions (also twice), feedback, curation,
/// skills, path choices and corrections of earlier events with fields that apply to them (and some that do not).
/// </summary>
public static class GeneratedStream
{
    public static List<EventEnvelope> Events(int seed, int count)
    {
        var random = new Random(seed);
        var types = new List<string> { "interaction_started" };
        var events = new List<EventEnvelope> { Event("interaction_started", new { channel = "chat", product = $"product-{seed}", input = "Where is my parcel?" }) };
        var proposals = new List<string>();
        while (events.Count < count)
        {
            var proposal = proposals.Count == 0 ? null : proposals[random.Next(proposals.Count)];
            var (type, envelope) = random.Next(10) switch
            {
                0 or 1 when proposals.Count < 4 => NewProposal(proposals, random),
                2 when proposal is not null => ("proposal_edited", Event("proposal_edited", new { proposalId = proposal, editor = Person(random), content = $"Edit {random.Next(1000)} of {proposal}." })),
                3 when proposal is not null => ("proposal_accepted", Event("proposal_accepted", new { proposalId = proposal, by = Person(random) })),
                4 when proposal is not null => ("proposal_rejected", Event("proposal_rejected", new { proposalId = proposal, by = Person(random), reason = $"Reason {random.Next(100)}" })),
                5 when proposal is not null => ("feedback_given", Event("feedback_given", new { proposalId = proposal, by = Person(random), rating = random.Next(-1, 2) })),
                6 when proposal is not null => ("example_curated", Event("example_curated", new { proposalId = proposal, by = Person(random), verdict = random.Next(2) == 0 ? "include" : "exclude" })),
                7 => ("skill_executed", Event("skill_executed", new { skill = "lookup", succeeded = random.Next(2) == 0 })),
                8 => ("path_chosen", Event("path_chosen", new { decision = "route", options = new[] { "a", "b" }, chosen = "a", by = Person(random) })),
                9 => Correction(types, random),
                _ => NewProposal(proposals, random),
            };
            types.Add(type);
            events.Add(envelope);
        }
        return events;
    }

    private static (string, EventEnvelope) NewProposal(List<string> proposals, Random random)
    {
        var id = $"p{proposals.Count + 1}";
        proposals.Add(id);
        return ("proposal_generated", Event("proposal_generated", new
        {
            proposalId = id,
            model = "gpt-x",
            messages = new[] { new { role = "user", content = "Where is my parcel?" } },
            content = $"Answer {random.Next(1000)} for {id}.",
            contentType = "text",
        }));
    }

    // Corrects a random earlier event with the field that means something for its type.
    private static (string, EventEnvelope) Correction(List<string> types, Random random)
    {
        var target = random.Next(types.Count);
        object correction = types[target] switch
        {
            "interaction_started" => new { product = $"corrected-{random.Next(100)}" },
            "proposal_generated" or "proposal_edited" => new { content = $"Corrected text {random.Next(1000)}." },
            "proposal_rejected" => new { reason = $"Corrected reason {random.Next(100)}" },
            "feedback_given" => new { rating = random.Next(-1, 2), comment = "corrected" },
            "example_curated" => new { verdict = random.Next(2) == 0 ? "include" : "exclude", quality = random.Next(1, 6) },
            _ => new { note = "nothing of this applies" },
        };
        return ("event_corrected", Event("event_corrected", new { correctsVersion = target + 1, by = "auditor", reason = "generated", correction }));
    }

    private static EventEnvelope Event(string type, object data) => new(type, JsonSerializer.SerializeToElement(data, EventCatalogue.Output));

    private static string Person(Random random) => random.Next(3) switch { 0 => "ana", 1 => "tom", _ => "lee" };
}
