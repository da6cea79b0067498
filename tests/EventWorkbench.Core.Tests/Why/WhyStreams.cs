using EventWorkbench.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Why;

/// <summary>An interaction whose first proposal is rejected and regenerated, edited, corrected and decided, and a second stream linked to it.</summary>
public static class WhyStreams
{
    public static async Task<(string Stream, string Other, string Correlation, Guid Accepted)> AppendAsync(EventAppender appender)
    {
        var stream = $"why-{Guid.NewGuid():N}";
        var other = $"why-other-{Guid.NewGuid():N}";
        var correlation = $"req-{Guid.NewGuid():N}";
        var ana = new AppendContext("ana", "ui");
        var ben = new AppendContext("ben", "ui");

        await Append(appender, stream, Api, correlation, null,
            Started(),
            Event("skill_executed", new { skill = "order_lookup", succeeded = true, durationMs = 42 }),
            Event("path_chosen", new { decision = "Route", options = new[] { "answer", "escalate" }, chosen = "answer", by = "triage-agent" }),
            Proposal("p1", "It ships tomorrow."));                                                               // v1-4
        await Append(appender, stream, ana, correlation, "p1",
            Event("proposal_rejected", new { proposalId = "p1", by = "ana", reason = "Wrong date." }));          // v5
        await Append(appender, stream, Api, correlation, "p1",
            Event("proposal_generated", new
            {
                proposalId = "p2", model = "gpt-y", promptVersion = "v3", reasoning = "The order says Thursday.",
                messages = new[] { new { role = "user", content = "Where is my parcel?" } }, content = "It ships on Thursday.", contentType = "text",
            }));                                                                                                  // v6
        var decided = await Append(appender, stream, ana, correlation, "p2",
            Event("proposal_edited", new { proposalId = "p2", editor = "ana", content = "It ships on Thursday.\n\nIt ships on Thursday.", comment = "Tone" }), // v7
            Event("event_corrected", new { correctsVersion = 7, by = "ana", reason = "Pasted twice.", correction = new { content = "It ships on Thursday, 4 June." } }), // v8
            Event("proposal_accepted", new { proposalId = "p2", by = "ana" }));                                 // v9
        await Append(appender, stream, ben, correlation, "p2",
            Event("feedback_given", new { by = "ben", rating = 1, proposalId = "p2", comment = "Good." }),      // v10
            Event("example_curated", new { proposalId = "p2", by = "ben", verdict = "include", quality = 4 })); // v11
        await Append(appender, stream, Api, correlation, null,
            Event("proposal_generated", new
            {
                proposalId = "unrelated", model = "gpt-x", messages = new[] { new { role = "user", content = "Hi" } }, content = "Hello.", contentType = "text",
            }));                                                                                                  // v12

        await Append(appender, other, Api, correlation, null, Started("billing"));                              // linked by correlation
        await Append(appender, other, Api, null, decided.Events[2].Id.ToString(), Event("skill_executed", new { skill = "refund", succeeded = true })); // linked by causation
        await Append(appender, other, Api, null, null, Event("skill_executed", new { skill = "unlinked", succeeded = true }));
        return (stream, other, correlation, decided.Events[2].Id);
    }

    private static async Task<AppendOutcome.Appended> Append(EventAppender appender, string stream, AppendContext context, string? correlation, string? causation, params EventEnvelope[] events)
    {
        var outcome = await appender.AppendAsync(stream, new AppendRequest(events, CorrelationId: correlation, CausationId: causation), context);
        return outcome.ShouldBeOfType<AppendOutcome.Appended>(outcome.ToString());
    }
}
