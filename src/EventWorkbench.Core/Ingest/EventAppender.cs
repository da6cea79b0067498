using JasperFx;
using JasperFx.Events;
using Marten;
using EventWorkbench.Streams;
using Npgsql;

namespace EventWorkbench.Ingest;

/// <summary>
/// The one validated append path: the HTTP API, the workbench UI and the demo seeder all go through it.
/// A batch is atomic; nothing is written unless every event in it is acceptable.
/// </summary>
public sealed class EventAppender(IDocumentStore store, AppendOptions options)
{
    public const string SourceHeader = "source";
    private const int MaxStreamIdLength = 200;
    // Without an expected version a lost race is retried: the client asked for "append wherever the stream is".
    private const int MaxRetriesWithoutExpectedVersion = 40;
    private static readonly HashSet<string> ReservedHeaders = [SourceHeader, IdempotencyKeys.KeyHeader, IdempotencyKeys.HashHeader];

    public async Task<AppendOutcome> AppendAsync(
        string streamId, AppendRequest request, AppendContext context, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var events = Validate(streamId, request, context, errors);
        if (!errors.IsEmpty) return new AppendOutcome.Invalid(errors.ToDictionary());

        string? requestHash = null;
        Guid[]? ids = null;
        if (context.IdempotencyKey is { } key)
        {
            requestHash = IdempotencyKeys.RequestHash(streamId, request);
            ids = IdempotencyKeys.EventIds(context.Actor, key, events.Count);
            if (await FindEarlierAnswerAsync(ids, key, requestHash, cancellationToken) is { } earlier) return earlier;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync(streamId, request, context, events, ids, requestHash, cancellationToken);
            }
            catch (Exception ex) when (IsUniqueViolation(ex) || IsVersionConflict(ex))
            {
                // A concurrent request with the same idempotency key won the race: answer as it did.
                if (ids is not null && await FindEarlierAnswerAsync(ids, context.IdempotencyKey!, requestHash!, cancellationToken) is { } earlier)
                    return earlier;
                if (!IsVersionConflict(ex)) throw;
                if (request.ExpectedVersion is null && attempt < MaxRetriesWithoutExpectedVersion)
                {
                    await Task.Delay(Random.Shared.Next(1, 2 + attempt * 2), cancellationToken);
                    continue;
                }
                var current = await CurrentVersionAsync(streamId, cancellationToken);
                return new AppendOutcome.VersionConflict(request.ExpectedVersion ?? current, current);
            }
        }
    }

    public async Task<long> CurrentVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var state = await session.Events.FetchStreamStateAsync(streamId, cancellationToken);
        return state?.Version ?? 0;
    }

    private List<object> Validate(string streamId, AppendRequest request, AppendContext context, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(streamId)) errors.Add("streamId", "is required");
        else if (streamId.Length > MaxStreamIdLength) errors.Add("streamId", $"must be at most {MaxStreamIdLength} characters");
        else if (streamId.Any(char.IsControl)) errors.Add("streamId", "must not contain control characters");
        else if (WorkbenchStreams.IsWorkbenchStream(streamId))
            errors.Add("streamId", $"streams beginning with '{WorkbenchStreams.Prefix}' are written by the workbench itself and cannot be appended to");

        if (context.IdempotencyKey is { } key && (key.Length == 0 || key.Length > IdempotencyKeys.MaxLength || key.Any(char.IsControl)))
            errors.Add("Idempotency-Key", $"must be 1 to {IdempotencyKeys.MaxLength} printable characters");

        if (request.ExpectedVersion is < 0) errors.Add("expectedVersion", "must be 0 (a new stream) or a positive version");
        CheckOptionalId("correlationId", request.CorrelationId, errors);
        CheckOptionalId("causationId", request.CausationId, errors);

        var envelopes = request.Events ?? [];
        if (envelopes.Count == 0) errors.Add("events", "must hold at least one event");
        if (envelopes.Count > options.MaxEventsPerBatch)
        {
            errors.Add("events", $"must hold at most {options.MaxEventsPerBatch} events per batch");
            return [];
        }

        var events = new List<object>(envelopes.Count);
        for (var i = 0; i < envelopes.Count; i++)
        {
            var envelope = envelopes[i];
            if (envelope is null)
            {
                errors.Add($"events[{i}]", "must be an event object");
                continue;
            }
            if (EventCatalogue.Read(envelope.Type, envelope.Data, errors, $"events[{i}]") is { } data) events.Add(data);
            CheckHeaders(envelope.Headers, errors, $"events[{i}].headers");
        }
        return events;
    }

    private static void CheckOptionalId(string field, string? value, ValidationErrors errors)
    {
        if (value is not null && (value.Length is 0 or > 200 || value.Any(char.IsControl)))
            errors.Add(field, "must be 1 to 200 printable characters");
    }

    private static void CheckHeaders(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? headers, ValidationErrors errors, string path)
    {
        if (headers is null) return;
        if (headers.Count > 20) errors.Add(path, "must hold at most 20 headers");
        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > 100 || name.Contains('\0', StringComparison.Ordinal)) errors.Add(path, "header names must be 1 to 100 characters, without NUL");
            else if (ReservedHeaders.Contains(name)) errors.Add($"{path}.{name}", "is set by the workbench and cannot be supplied");
            else if (EventCatalogue.ContainsNul(value)) errors.Add($"{path}.{name}", "must not contain the NUL character (\\u0000)");
        }
    }

    private async Task<AppendOutcome> WriteAsync(
        string streamId, AppendRequest request, AppendContext context, List<object> events,
        Guid[]? ids, string? requestHash, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = request.CorrelationId;
        session.CausationId = request.CausationId;
        session.LastModifiedBy = context.Actor;

        var built = new IEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = session.Events.BuildEvent(events[i]);
            e.Id = ids?[i] ?? Guid.CreateVersion7();
            e.CorrelationId = request.CorrelationId;
            e.CausationId = request.CausationId;
            e.UserName = context.Actor;
            if (context.RecordedAt is { } recordedAt) e.Timestamp = recordedAt;
            e.SetHeader(SourceHeader, context.Source);
            foreach (var (name, value) in request.Events![i].Headers ?? new Dictionary<string, System.Text.Json.JsonElement>())
                e.SetHeader(name, value);
            if (i == 0 && requestHash is not null)
            {
                e.SetHeader(IdempotencyKeys.KeyHeader, context.IdempotencyKey!);
                e.SetHeader(IdempotencyKeys.HashHeader, requestHash);
            }
            built[i] = e;
        }

        switch (request.ExpectedVersion)
        {
            case null: session.Events.Append(streamId, built); break;
            case 0: session.Events.StartStream(streamId, built); break;
            case { } expected: session.Events.Append(streamId, expected + built.Length, built); break;
        }
        await session.SaveChangesAsync(cancellationToken); // the database notifies listeners (AppendNotificationTrigger)

        return new AppendOutcome.Appended(
            streamId, built[^1].Version, built.Select(e => new AppendedEvent(e.Id, e.Version, e.Sequence)).ToArray(), Replayed: false);
    }

    private async Task<AppendOutcome?> FindEarlierAnswerAsync(
        Guid[] ids, string idempotencyKey, string requestHash, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var first = ids[0];
        var stored = await session.Events.QueryAllRawEvents()
            .Where(e => e.Id.IsOneOf(ids))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        var head = stored.FirstOrDefault(e => e.Id == first);
        if (head is null) return null;
        if (!Equals(head.GetHeader(IdempotencyKeys.HashHeader)?.ToString(), requestHash) || stored.Count != ids.Length)
            return new AppendOutcome.IdempotencyKeyReused(idempotencyKey);
        var events = stored.Select(e => new AppendedEvent(e.Id, e.Version, e.Sequence)).ToArray();
        return new AppendOutcome.Appended(head.StreamKey!, events[^1].Version, events, Replayed: true);
    }

    /// <summary>A concurrent append moved the stream: the writer may read again and retry.</summary>
    internal static bool IsVersionConflict(Exception ex) =>
        ex is ConcurrencyException or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
        || (ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
            && pg.ConstraintName?.Contains("stream", StringComparison.OrdinalIgnoreCase) == true);

    private static bool IsUniqueViolation(Exception ex) =>
        ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
