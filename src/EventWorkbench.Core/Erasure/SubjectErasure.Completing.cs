using System.Diagnostics;
using EventWorkbench.Projections;
using EventWorkbench.Storage;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>How a recorded erasure is carried out, and completed after a crash.</summary>
public sealed partial class SubjectErasure
{
    /// <summary>Completes every erasure that was recorded but not finished (a crash, a stop): run at start-up.</summary>
    public async Task<int> CompletePendingAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SubjectErasureJob> pending;
        await using (var query = store.QuerySession())
        {
            pending = await query.Query<SubjectErasureJob>().Where(job => !job.Done).ToListAsync(cancellationToken);
        }
        foreach (var job in pending)
        {
            _logger.LogWarning("Completing the erasure of data subject {Subject}, requested {RequestedAt:u} and interrupted", job.Id, job.RequestedAt);
            await CompleteAsync(job, cancellationToken);
        }
        return pending.Count;
    }

    private async Task<SubjectErasureJob> CompleteAsync(SubjectErasureJob job, CancellationToken cancellationToken)
    {
        string[] streams;
        var inline = RegisteredProjections.All(store).Where(p => p.Lifecycle == ProjectionLifecycle.Inline).ToList();
        await using (var session = store.LightweightSession())
        {
            await session.BeginTransactionAsync(cancellationToken);
            await HoldRebuildsAsync(session.Connection!, job, inline, cancellationToken);
            await InlineProjectionGate.CloseAsync(session.Connection!, cancellationToken);
            (_, streams, job.ErasedThrough) = await EventsOfAsync(job.Id, cancellationToken); // no append can add to them now
            session.Store(job);
            var keyIds = await DestroyKeysAsync(job.Id, cancellationToken);
            SubjectKeyring.Of(store).Forget(job.Id, keyIds);
            await using (var texts = new NpgsqlCommand($"DELETE FROM {PersonalText.QualifiedName(_schema)} WHERE subject_id = $1", session.Connection))
            {
                texts.Parameters.AddWithValue(job.Id);
                await texts.ExecuteNonQueryAsync(cancellationToken);
            }
            if (streams.Length > 0) await InlineRebuildCatchUp.RefoldAsync(session, store, inline, streams, cancellationToken);
            // Every node (this one too) forgets what it keeps in memory of the subject once this commits.
            session.QueueSqlCommand($"select pg_notify('{Channel}', ?)", job.Id);
            await session.SaveChangesAsync(cancellationToken);
        }
        StreamsErased?.Invoke(streams);

        var promoter = new ShadowPromoter(store, _owner);
        foreach (var shadowed in ShadowedProjection.AllOf(store))
        {
            if (await promoter.DiscardAsync(shadowed, job.By, cancellationToken) is ShadowOutcome.Done)
                _logger.LogWarning("Discarded the shadow of {Projection}: it may have held the erased subject's data", shadowed.Name);
        }

        var tables = inline.SelectMany(p => p.PublishedTypes())
            .Select(type => store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName)
            .Concat(ShadowedProjection.AllOf(store).Select(p => p.ShadowTable))
            .Append(ShadowSchema.Changes)
            .Append(SubjectKeysTable.QualifiedName(_schema))
            .Append(PersonalText.QualifiedName(_schema));
        var rewrite = Stopwatch.StartNew();
        await ErasedDataRewrite.RunAsync(_owner, [.. tables.Distinct()], _logger, RewritePatience, cancellationToken);

        job.Done = true;
        job.CompletedAt = MicrosecondClock.Instance.GetUtcNow();
        job.RewriteMs = rewrite.ElapsedMilliseconds;
        await using (var session = store.LightweightSession())
        {
            session.Store(job);
            await session.SaveChangesAsync(cancellationToken);
        }
        _logger.LogWarning("Erased data subject {Subject}: keys destroyed, {Streams} streams folded again, tables rewritten in {RewriteMs} ms",
            job.Id, streams.Length, job.RewriteMs);
        return job;
    }

    /// <summary>
    /// Keeps rebuilds of the inline projections off until the connection's transaction ends, waiting for a running one to
    /// end first: a rebuild that read the subject's events before the keys were destroyed would write the text back over
    /// the streams this erasure folds again. A rebuild that starts later reads the events with the keys gone.
    /// </summary>
    private async Task HoldRebuildsAsync(NpgsqlConnection connection, SubjectErasureJob job, IEnumerable<IProjectionSource<IDocumentOperations, IQuerySession>> inline, CancellationToken cancellationToken)
    {
        foreach (var projection in inline)
        {
            if (await RebuildClaim.TryHoldAsync(connection, projection.Name, cancellationToken)) continue;
            _logger.LogWarning("The erasure of data subject {Subject} waits for the rebuild of {Projection} to end", job.Id, projection.Name);
            await RebuildClaim.HoldAsync(connection, projection.Name, cancellationToken);
        }
    }
}
