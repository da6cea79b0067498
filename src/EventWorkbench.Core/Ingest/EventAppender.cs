using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using EventWorkbench.Erasure;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Npgsql;

namespace EventWorkbench.Ingest;

/// <summary>
/// The one validated append path: the HTTP API, the workbench UI and the demo seeder all go through it.
/// A batch is atomic; nothing is written unless every event in it is acceptable. A refused append leaves no row
/// behind: the stream version is checked under the stream's row lock before any event sequence number is drawn.
/// </summary>
public sealed class EventAppender(IDocumentStore store, AppendOptions options, ILogger<EventAppender>? logger = null)
{
    public const string SourceHeader = "source";
    // The largest integer every JSON reader holds exactly; it also keeps expectedVersion + batch size from overflowing.
    private const long MaxExpectedVersion = 9_007_199_254_740_991;
    // Without an expected version the stream's row is locked first, so the one race left is two writers starting
    // the same new stream; the loser's next attempt finds the stream and appends after the winner.
    private const int MaxAttemptsWithoutExpectedVersion = 5;
    // An append that met an erased key forgets it and seals with a new one; only another erasure of the same subject
    // in between makes it meet one again.
    private const int MaxAttemptsAfterErasedKeys = 3;
    private static readonly HashSet<string> ReservedHeaders = [SourceHeader, IdempotencyKeys.KeyHeader, IdempotencyKeys.HashHeader, EventSubjects.Header];
    private readonly ILogger _logger = logger ?? NullLogger<EventAppender>.Instance;
    private readonly EventSubjects _subjects = new(store);
    private readonly string _streamsTable = $"{store.Options.Events.DatabaseSchemaName}.mt_streams";
    private readonly string _eventsTable = $"{store.Options.Events.DatabaseSchemaName}.mt_events";

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
                // One line per lost race: Marten's own log of these failures (SQL, parameters, stack) is left out.
                if (ids is not null && await FindEarlierAnswerAsync(ids, context.IdempotencyKey!, requestHash!, cancellationToken) is { } earlier)
                {
                    _logger.LogInformation("Append to stream {StreamId}: a concurrent request with the same idempotency key wrote first; answered as it was", streamId);
                    return earlier;
                }
                if (!IsVersionConflict(ex)) throw;
                if (request.ExpectedVersion is null && attempt < MaxAttemptsWithoutExpectedVersion)
                {
                    _logger.LogInformation("Append to stream {StreamId}: another writer started the stream first; appending after it (attempt {Attempt})", streamId, attempt + 1);
                    continue;
                }
                var current = await CurrentVersionAsync(streamId, cancellationToken);
                _logger.LogInformation("Append to stream {StreamId} refused: expected version {ExpectedVersion}, the stream is at {CurrentVersion}",
                    streamId, request.ExpectedVersion, current);
                return new AppendOutcome.VersionConflict(request.ExpectedVersion ?? current, current);
            }
            catch (Exception ex) when (SubjectKeysTable.IsErasedKey(ex) && attempt < MaxAttemptsAfterErasedKeys)
            {
                // This node had not heard of an erasure yet: the database refused the key before anything was written.
                var forgotten = await SubjectKeyring.Of(store).ForgetErasedAsync(cancellationToken);
                _logger.LogInformation("Append to stream {StreamId}: the keys of {Subjects} subject(s) were erased before this node heard of it; sealing with new keys (attempt {Attempt})",
                    streamId, forgotten.Count, attempt + 1);
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
        else if (Ids.StreamIdProblem(streamId) is { } streamIdProblem) errors.Add("streamId", streamIdProblem);
        else if (WorkbenchStreams.IsWorkbenchStream(streamId))
            errors.Add("streamId", $"streams beginning with '{WorkbenchStreams.Prefix}' are written by the workbench itself and cannot be appended to");

        if (context.IdempotencyKey is { } key && (key.Length == 0 || key.Length > IdempotencyKeys.MaxLength || key.Any(char.IsControl)))
            errors.Add("Idempotency-Key", $"must be 1 to {IdempotencyKeys.MaxLength} printable characters");

        if (request.ExpectedVersion is < 0 or > MaxExpectedVersion)
            errors.Add("expectedVersion", $"must be 0 (a new stream) or a positive version of at most {MaxExpectedVersion:N0}");
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
            if (envelope.SubjectId is { } subject && (subject.Length == 0 || Ids.Problem(subject) is not null))
                errors.Add($"events[{i}].subjectId", subject.Length == 0 ? "must be 1 to 200 printable characters" : Ids.Problem(subject)!);
            CheckHeaders(envelope.Headers, errors, $"events[{i}].headers");
        }
        return events;
    }

    private static void CheckOptionalId(string field, string? value, ValidationErrors errors)
    {
        if (value is null) return;
        if (value.Length == 0) errors.Add(field, "must be 1 to 200 printable characters");
        else if (Ids.Problem(value) is { } problem) errors.Add(field, problem);
    }

    private static void CheckHeaders(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? headers, ValidationErrors errors, string path)
    {
        if (headers is null) return;
        if (headers.Count > 20) errors.Add(path, "must hold at most 20 headers");
        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > 100 || StorableJson.TextProblem(name) is not null)
                errors.Add(path, "header names must be 1 to 100 characters of Unicode text, without NUL");
            else if (ReservedHeaders.Contains(name)) errors.Add($"{path}.{name}", "is set by the workbench and cannot be supplied");
            else StorableJson.Check(value, errors, $"{path}.{name}");
        }
    }

    private async Task<AppendOutcome> WriteAsync(
        string streamId, AppendRequest request, AppendContext context, List<object> events,
        Guid[]? ids, string? requestHash, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(new SessionOptions { Listeners = { AnsweredFailuresLogger.Installer.Instance } });
        session.CorrelationId = request.CorrelationId;
        session.CausationId = request.CausationId;
        session.LastModifiedBy = context.Actor;

        // Every append names the version it expects, so the inline projections see the events' real versions, and
        // Marten's append function checks it under the stream's row lock before it draws a sequence number.
        // "Anywhere" takes that lock first and appends at the version it finds.
        var expected = request.ExpectedVersion;
        if (expected is null)
        {
            var (current, keyUsed) = await LockStreamAsync(session, streamId, ids?[0], cancellationToken);
            if (keyUsed && await FindEarlierAnswerAsync(ids!, context.IdempotencyKey!, requestHash!, cancellationToken) is { } earlier)
            {
                _logger.LogInformation("Append to stream {StreamId}: a concurrent request with the same idempotency key wrote first; answered as it was", streamId);
                return earlier;
            }
            expected = current;
        }

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
        // Marked once the stream's row is locked (without an expected version), so a stream started meanwhile names its subject.
        var marked = await _subjects.MarkAsync(streamId, built, [.. request.Events!.Select(envelope => envelope.SubjectId)], cancellationToken);
        await PassGateAndCheckKeysAsync(session, passGate: request.ExpectedVersion is not null, marked.KeyIds, cancellationToken);
        PersonalText.Queue(session, marked.Texts);

        if (expected == 0) session.Events.StartStream(streamId, built);
        else session.Events.Append(streamId, expected.Value + built.Length, built);
        await session.SaveChangesAsync(cancellationToken); // the database notifies listeners (AppendNotificationTrigger)

        return new AppendOutcome.Appended(
            streamId, built[^1].Version, built.Select(e => new AppendedEvent(e.Id, e.Version, e.Sequence)).ToArray(), Replayed: false);
    }

    /// <summary>
    /// Opens the append's transaction, passes the <see cref="InlineProjectionGate"/> and locks the stream's row (a new
    /// stream has none: two writers starting it meet at its primary key, before any sequence number is drawn). With an
    /// idempotency key, also tells whether a request with that key committed while this one waited for the lock.
    /// </summary>
    private async Task<(long Version, bool KeyUsed)> LockStreamAsync(
        IDocumentSession session, string streamId, Guid? firstEventId, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(session.Connection);
        batch.BatchCommands.Add(InlineProjectionGate.PassCommand()); // before the row lock, so nothing is held while it waits
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT version::bigint FROM {_streamsTable} WHERE id = $1 FOR UPDATE")
        {
            Parameters = { new() { Value = streamId } },
        });
        // A statement of its own, so it reads what committed while the lock was awaited.
        if (firstEventId is { } id)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT EXISTS (SELECT 1 FROM {_eventsTable} WHERE id = $1)")
            {
                Parameters = { new() { Value = id } },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // past the gate's row
        var version = await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
        var keyUsed = firstEventId is not null
            && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
        return (version, keyUsed);
    }

    /// <summary>
    /// In one round trip: opens the append's transaction and passes the <see cref="InlineProjectionGate"/> (unless
    /// <see cref="LockStreamAsync"/> did), and checks that the keys the append seals with are live. An erasure empties
    /// keys behind the closed gate, so what the check sees holds until the append ends; a key erased before this node
    /// heard of it fails the append here, before anything is written (<see cref="SubjectKeysTable.LiveCheckCommand"/>).
    /// </summary>
    private async Task PassGateAndCheckKeysAsync(IDocumentSession session, bool passGate, IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch();
        if (passGate)
        {
            await session.BeginTransactionAsync(cancellationToken);
            batch.BatchCommands.Add(InlineProjectionGate.PassCommand());
        }
        if (keyIds.Count > 0) batch.BatchCommands.Add(SubjectKeysTable.LiveCheckCommand(store.Options.Events.DatabaseSchemaName, keyIds));
        if (batch.BatchCommands.Count == 0) return;
        batch.Connection = session.Connection;
        await batch.ExecuteNonQueryAsync(cancellationToken);
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
        || ex.GetBaseException() is PostgresException { SqlState: AnsweredFailuresLogger.StreamVersionMismatch }
        || (ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
            && pg.ConstraintName?.Contains("stream", StringComparison.OrdinalIgnoreCase) == true);

    private static bool IsUniqueViolation(Exception ex) =>
        ex.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
