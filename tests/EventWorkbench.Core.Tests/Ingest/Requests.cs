using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Tests.Ingest;

/// <summary>Builds append requests from anonymous objects, as a client's JSON would arrive.</summary>
public static class Requests
{
    public static EventEnvelope Event(string type, object data) =>
        new(type, JsonSerializer.SerializeToElement(data, EventCatalogue.Output));

    public static EventEnvelope Started(string product = "support-replies") =>
        Event("interaction_started", new { channel = "chat", product, input = "Where is my parcel?" });

    public static EventEnvelope Proposal(string proposalId, string content = "It ships tomorrow.") =>
        Event("proposal_generated", new
        {
            proposalId,
            model = "gpt-x",
            messages = new[] { new { role = "user", content = "Where is my parcel?" } },
            content,
            contentType = "text",
        });

    public static AppendRequest Batch(params EventEnvelope[] events) => new(events);

    public static AppendRequest Batch(long expectedVersion, params EventEnvelope[] events) => new(events, ExpectedVersion: expectedVersion);

    public static readonly AppendContext Api = new("test-client", "api");
}
