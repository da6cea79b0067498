using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>
/// Erases a data subject's personal data while the log stays append-only. The request is recorded first (a
/// <c>subject_erased</c> event and the <see cref="SubjectErasureJob"/>, in one transaction). Then, with appends held at
/// the <see cref="InlineProjectionGate"/>, the subject's keys are destroyed (as the schema owner: the app role may not),
/// its searchable text (<see cref="PersonalText"/>) is deleted and the inline projections fold its streams again, now
/// reading <see cref="SealedValue.Erased"/>; shadow rebuilds, which may hold copies, are discarded; last,
/// <see cref="ErasedDataRewrite"/> rewrites the tables that held the data so no old row version keeps it. Every step can
/// run again, so an erasure a crash interrupted is completed by <see cref="CompletePendingAsync"/>.
/// </summary>
public sealed partial class SubjectErasure(IDocumentStore store, NpgsqlDataSource owner, ILogger<SubjectErasure>? logger = null)
{
    /// <summary>The PostgreSQL notification channel an erasure announces the subject on once its keys are destroyed.</summary>
    public const string Channel = "eventworkbench_erasures";

    private readonly ILogger _logger = logger ?? NullLogger<SubjectErasure>.Instance;
    private readonly NpgsqlDataSource _owner = new NpgsqlConnectionStringBuilder(owner.ConnectionString).IncludeErrorDetail
        ? owner
        : throw new ArgumentException("Make the owner's connections with SubjectErasure.OwnerDataSource: the rewrite reads PostgreSQL's notice details.", nameof(owner));
    private readonly string _schema = store.Options.Events.DatabaseSchemaName;

    /// <summary>
    /// The schema owner's connections as the erasure needs them: with PostgreSQL's error and notice details, where the
    /// rewrite reads how many dead row versions it had to keep (<see cref="ErasedDataRewrite"/>).
    /// </summary>
    public static NpgsqlDataSource OwnerDataSource(string ownerConnectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ownerConnectionString) { IncludeErrorDetail = true });

    /// <summary>How long the clean-up waits for transactions begun before the erasure that may still read old row versions.</summary>
    public TimeSpan RewritePatience { get; init; } = ErasedDataRewrite.DefaultPatience;

    /// <summary>Called with the streams whose events were erased, so this node drops what it keeps of them in memory.</summary>
    public Action<IReadOnlyCollection<string>>? StreamsErased { get; init; }

    public async Task<ErasureOutcome> EraseAsync(ErasureRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(request.SubjectId)) errors.Add("subjectId", "is required");
        else if (Ids.Problem(request.SubjectId) is { } problem) errors.Add("subjectId", problem);
        if (string.IsNullOrWhiteSpace(request.Reason)) errors.Add("reason", "is required: say why the subject is erased (the record keeps it)");
        else if (request.Reason.Length > ErasureRequest.MaxReasonLength) errors.Add("reason", $"must be at most {ErasureRequest.MaxReasonLength:N0} characters");
        else if (StorableJson.TextProblem(request.Reason) is { } textProblem) errors.Add("reason", textProblem);
        if (string.IsNullOrWhiteSpace(request.By)) errors.Add("by", "is required");
        if (!errors.IsEmpty) return new ErasureOutcome.Invalid(errors.ToDictionary());

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await EraseValidAsync(request, cancellationToken);
            }
            catch (Exception ex) when (EventAppender.IsVersionConflict(ex) && attempt < 5)
            {
                // Another erasure recorded itself first: look again (it may have been this subject's).
            }
            catch (ErasureIncompleteException ex)
            {
                _logger.LogWarning("The erasure of data subject {Subject} stays pending: {Reason}", request.SubjectId, ex.Message);
                return new ErasureOutcome.Incomplete(request.SubjectId, ex.Message);
            }
        }
    }

    private async Task<ErasureOutcome> EraseValidAsync(ErasureRequest request, CancellationToken cancellationToken)
    {
        // Read before anything the decision rests on: an erasure recorded after this makes the record conflict, and the
        // retry sees it.
        var erasuresVersion = await ErasuresVersionAsync(cancellationToken);
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<SubjectErasureJob>(request.SubjectId, cancellationToken) is { Done: false } pending)
                return new ErasureOutcome.Erased(await CompleteAsync(pending, cancellationToken));
        }
        var (events, streams, _) = await EventsOfAsync(request.SubjectId, cancellationToken);
        var (liveKeys, anyKeys) = await KeysOfAsync(request.SubjectId, cancellationToken);
        if (events == 0 && !anyKeys) return new ErasureOutcome.UnknownSubject(request.SubjectId);
        if (liveKeys == 0)
        {
            await using var query = store.QuerySession();
            var earlier = await query.LoadAsync<SubjectErasureJob>(request.SubjectId, cancellationToken);
            if ((earlier is not null || anyKeys) && !await LeftSinceErasureAsync(request.SubjectId, earlier, cancellationToken))
                return new ErasureOutcome.AlreadyErased(earlier);
        }

        var job = await RecordAsync(request, events, streams.Length, cancellationToken, erasuresVersion);
        _logger.LogWarning("Erasing data subject {Subject} for {By}: {Events} events in {Streams} streams", job.Id, job.By, job.Events, job.Streams);
        return new ErasureOutcome.Erased(await CompleteAsync(job, cancellationToken));
    }

    private async Task<long> ErasuresVersionAsync(CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        return (await query.Events.FetchStreamStateAsync(WorkbenchStreams.Erasures, cancellationToken))?.Version ?? 0;
    }

    /// <summary>
    /// The erasure's first step: the <c>subject_erased</c> event and the pending job, in one transaction, appended at
    /// <paramref name="decidedAtVersion"/> of the erasures stream (0: none yet) when given, so it conflicts with any
    /// erasure recorded since.
    /// </summary>
    internal async Task<SubjectErasureJob> RecordAsync(
        ErasureRequest request, long events, int streams, CancellationToken cancellationToken, long? decidedAtVersion = null)
    {
        var job = new SubjectErasureJob
        {
            Id = request.SubjectId, By = request.By, Reason = request.Reason.Trim(),
            RequestedAt = MicrosecondClock.Instance.GetUtcNow(), Events = events, Streams = streams,
        };
        await using var session = store.LightweightSession();
        // The job replaces the subject's earlier one: until this run destroys the keys again, what that one erased stays
        // erased (exports leave those streams out and the datasets page names the subject by it).
        job.ErasedThrough = (await session.LoadAsync<SubjectErasureJob>(job.Id, cancellationToken))?.ErasedThrough ?? 0;
        var version = decidedAtVersion ?? (await session.Events.FetchStreamStateAsync(WorkbenchStreams.Erasures, cancellationToken))?.Version ?? 0;
        var e = session.Events.BuildEvent(new SubjectErased(job.Id, job.By, job.Reason, job.RequestedAt, job.Events, job.Streams));
        e.Id = Guid.CreateVersion7();
        e.UserName = job.By;
        if (version == 0) session.Events.StartStream(WorkbenchStreams.Erasures, e);
        else session.Events.Append(WorkbenchStreams.Erasures, version + 1, e);
        session.Store(job);
        await session.SaveChangesAsync(cancellationToken);
        return job;
    }

    /// <summary>
    /// Whether an event names the subject or a key was made for it: otherwise an erasure of it answers
    /// <see cref="ErasureOutcome.UnknownSubject"/>, so the API can say so before it reads the request's body.
    /// </summary>
    public async Task<bool> IsKnownAsync(string subjectId, CancellationToken cancellationToken = default) =>
        (await EventsOfAsync(subjectId, cancellationToken)).Events > 0 || (await KeysOfAsync(subjectId, cancellationToken)).Any;

    /// <summary>What erasing the subject would erase now; the request is not checked beyond the id.</summary>
    public async Task<ErasurePreview> PreviewAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        var (events, streams, _) = await EventsOfAsync(subjectId, cancellationToken);
        var (liveKeys, _) = await KeysOfAsync(subjectId, cancellationToken);
        await using var query = store.QuerySession();
        var earlier = await query.LoadAsync<SubjectErasureJob>(subjectId, cancellationToken);
        var left = earlier is not null && await LeftSinceErasureAsync(subjectId, earlier, cancellationToken);
        return new ErasurePreview(subjectId, events, streams.Length, liveKeys, earlier, left);
    }

    /// <summary>
    /// Whether something of the subject an erasure must clean is there although no key of it is live: searchable text,
    /// or events appended after <paramref name="earlier"/> erased through. Appends check their keys live, so such events
    /// are sealed with a new key (then live, unless erased since); a store written before appends checked them may
    /// hold events sealed with the erased key beside their text in plain (<see cref="PersonalText"/>, the inline
    /// projections). Erasing again cleans either.
    /// </summary>
    private async Task<bool> LeftSinceErasureAsync(string subjectId, SubjectErasureJob? earlier, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT EXISTS (SELECT 1 FROM {PersonalText.QualifiedName(_schema)} WHERE subject_id = $1)
                OR EXISTS (SELECT 1 FROM {_schema}.mt_events WHERE headers ->> '{EventSubjects.Header}' = $1 AND seq_id > $2)
            """, connection);
        command.Parameters.AddWithValue(subjectId);
        command.Parameters.AddWithValue(earlier?.ErasedThrough ?? 0L);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The erasures recorded (each <c>subject_erased</c> event), newest first. A subject's job document holds its latest
    /// erasure; an earlier one of the same subject is shown from its event, done (its clean-up details went with the job).
    /// </summary>
    public async Task<IReadOnlyList<SubjectErasureJob>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var query = store.QuerySession();
        var recorded = await query.Events.QueryRawEventDataOnly<SubjectErased>()
            .OrderByDescending(e => e.ErasedAt).Take(limit).ToListAsync(cancellationToken);
        var subjects = recorded.Select(e => e.SubjectId).Distinct().ToArray();
        var jobs = (await query.LoadManyAsync<SubjectErasureJob>(cancellationToken, subjects)).ToDictionary(job => job.Id);
        return [.. recorded.Select(e => jobs.TryGetValue(e.SubjectId, out var job) && job.RequestedAt == e.ErasedAt
            ? job
            : new SubjectErasureJob
            {
                Id = e.SubjectId, By = e.By, Reason = e.Reason, RequestedAt = e.ErasedAt, Events = e.Events, Streams = e.Streams, Done = true,
            })];
    }

    private async Task<(long Events, string[] Streams, long Last)> EventsOfAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT count(*), coalesce(array_agg(DISTINCT stream_id), '{{}}'), coalesce(max(seq_id), 0) FROM {_schema}.mt_events WHERE headers ->> '{EventSubjects.Header}' = $1",
            connection);
        command.Parameters.AddWithValue(subjectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetFieldValue<string[]>(1), reader.GetInt64(2));
    }

    private async Task<(int Live, bool Any)> KeysOfAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FILTER (WHERE key IS NOT NULL)::int, count(*) > 0 FROM {SubjectKeysTable.QualifiedName(_schema)} WHERE subject_id = $1",
            connection);
        command.Parameters.AddWithValue(subjectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetBoolean(1));
    }

    /// <summary>Empties the subject's keys, as the schema owner; returns the ids of all its keys, erased now or before.</summary>
    private async Task<List<Guid>> DestroyKeysAsync(string subjectId, CancellationToken cancellationToken)
    {
        await using var command = _owner.CreateCommand(
            $"UPDATE {SubjectKeysTable.QualifiedName(_schema)} SET key = NULL, erased_at = coalesce(erased_at, now()) WHERE subject_id = $1 RETURNING key_id");
        command.Parameters.AddWithValue(subjectId);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
