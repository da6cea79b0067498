using EventWorkbench.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Review;

/// <summary>Proposal lifecycle events as a client would append them.</summary>
public static class ReviewEvents
{
    public static EventEnvelope Generated(
        string proposalId, string content = "It ships tomorrow.", string model = "gpt-x", string? promptVersion = null) =>
        Event("proposal_generated", new
        {
            proposalId,
            model,
            modelVersion = "2025-01",
            promptVersion,
            messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "Where is my parcel?" } },
            content,
            contentType = "text",
            reasoning = "The tracking says so.",
            parameters = new { temperature = 0.2 },
            usage = new { inputTokens = 12, outputTokens = 5 },
        });

    public static EventEnvelope Edited(string proposalId, string content, string editor = "ana", string? comment = null) =>
        Event("proposal_edited", new { proposalId, editor, content, comment });

    public static EventEnvelope Accepted(string proposalId, string by = "ana") => Event("proposal_accepted", new { proposalId, by });

    public static EventEnvelope Rejected(string proposalId, string? reason = null, string by = "ana") =>
        Event("proposal_rejected", new { proposalId, by, reason });

    public static EventEnvelope Curated(string proposalId, string verdict, int? quality = null, string[]? tags = null, string by = "ml") =>
        Event("example_curated", new { proposalId, by, verdict, quality, tags, note = $"{verdict} by {by}" });

    public static EventEnvelope Feedback(string proposalId, int rating, string by = "customer") =>
        Event("feedback_given", new { proposalId, by, rating, tags = new[] { "speed" } });

    public static EventEnvelope Corrected(long correctsVersion, object correction, string reason = "typo") =>
        Event("event_corrected", new { correctsVersion, by = "ops", reason, correction });
}
