using System.Text.Json;

namespace EventWorkbench.Ingest;

/// <summary>The body of <c>POST /api/streams/{streamId}/events</c>; the UI appends through it too.</summary>
public sealed record AppendRequest(
    IReadOnlyList<EventEnvelope>? Events,
    long? ExpectedVersion = null,
    string? CorrelationId = null,
    string? CausationId = null);

/// <summary>One event to append; <paramref name="SubjectId"/> names its data subject when it is not its stream's.</summary>
public sealed record EventEnvelope(string? Type, JsonElement Data, IReadOnlyDictionary<string, JsonElement>? Headers = null, string? SubjectId = null);

/// <summary>
/// Who appends, from where, and the client's idempotency key if it sent one. <paramref name="RecordedAt"/> is for
/// seeding only (demo data spread over past weeks); appends from the API and the UI are stamped by the store.
/// </summary>
public sealed record AppendContext(string Actor, string Source, string? IdempotencyKey = null, DateTimeOffset? RecordedAt = null);

public sealed record AppendedEvent(Guid Id, long Version, long Sequence);

public abstract record AppendOutcome
{
    private AppendOutcome() { }

    /// <summary>Written now, or (<see cref="Replayed"/>) written by an earlier request with the same key.</summary>
    public sealed record Appended(string StreamId, long Version, IReadOnlyList<AppendedEvent> Events, bool Replayed) : AppendOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : AppendOutcome
    {
        public override string ToString() =>
            string.Join("; ", Errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"));
    }

    public sealed record VersionConflict(long ExpectedVersion, long CurrentVersion) : AppendOutcome;

    public sealed record IdempotencyKeyReused(string IdempotencyKey) : AppendOutcome;
}

public sealed class AppendOptions
{
    public int MaxEventsPerBatch { get; set; } = 1_000;
}
