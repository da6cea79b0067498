using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Demo;

/// <summary>One append of the demo data: who appended it and what.</summary>
public sealed record DemoStep(string Actor, AppendRequest Request);

public sealed record DemoStream(string StreamId, IReadOnlyList<DemoStep> Steps);

/// <summary>The deterministic demo data set (placeholder: being written).</summary>
public static class DemoDataSet
{
    public static IReadOnlyList<DemoStream> Build()
    {
        var started = Envelope("interaction_started", new { channel = "chat", product = "support-replies", input = "Where is my order?" });
        return [new DemoStream("demo-0001", [new DemoStep("support-bot", new AppendRequest([started], ExpectedVersion: 0))])];
    }

    private static EventEnvelope Envelope(string type, object data) =>
        new(type, JsonSerializer.SerializeToElement(data, EventCatalogue.Output));
}
