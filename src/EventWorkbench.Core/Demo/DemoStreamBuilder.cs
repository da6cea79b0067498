using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Demo;

/// <summary>
/// Writes one demo stream as the appends real clients send: each step is one request by one actor, with
/// <c>expectedVersion</c> set to the version the actor saw (0 for the first, so the stream must be new).
/// </summary>
internal sealed class DemoStreamBuilder(string streamId)
{
    private readonly List<DemoStep> _steps = [];
    private List<EventEnvelope>? _events;
    private string _actor = "";
    private string? _causationId;
    private IReadOnlyDictionary<string, JsonElement>? _headers;
    private long _stepStartVersion;

    public string StreamId => streamId;

    /// <summary>The stream's version after every event added so far.</summary>
    public long Version { get; private set; }

    /// <summary>Starts the next append request, sent by <paramref name="actor"/>.</summary>
    public DemoStreamBuilder Step(string actor, string? causationId = null, IReadOnlyDictionary<string, JsonElement>? headers = null)
    {
        Flush();
        _events = [];
        _actor = actor;
        _causationId = causationId;
        _headers = headers;
        _stepStartVersion = Version;
        return this;
    }

    /// <returns>The stream version the event will have.</returns>
    public long Add(object data)
    {
        if (_events is null) throw new InvalidOperationException("Start a step before adding events");
        _events.Add(new EventEnvelope(
            EventCatalogue.WireName(data.GetType()),
            JsonSerializer.SerializeToElement(data, data.GetType(), EventCatalogue.Output),
            _headers));
        return ++Version;
    }

    public DemoStream Build()
    {
        Flush();
        return new DemoStream(streamId, _steps.ToArray());
    }

    private void Flush()
    {
        if (_events is not { Count: > 0 } events) return;
        _steps.Add(new DemoStep(_actor, new AppendRequest(
            events, ExpectedVersion: _stepStartVersion, CorrelationId: streamId, CausationId: _causationId)));
        _events = null;
    }

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, EventCatalogue.Output);
}
