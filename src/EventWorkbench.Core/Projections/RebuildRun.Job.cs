using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Projections;

/// <summary>How a run writes its job: its heartbeat, its progress and how it ended.</summary>
internal sealed partial class RebuildRun
{
    /// <summary>
    /// Writes the job whenever nothing else has for a heartbeat: while the run waits for the settled end, tears the
    /// projection down or folds an inline projection's last streams, so other nodes do not take it for a stopped one.
    /// </summary>
    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(owner.Heartbeat, cancellationToken);
                if (job.State != RebuildState.Running || DateTimeOffset.UtcNow - _lastWritten < owner.Heartbeat) continue;
                job.UpdatedAt = DateTimeOffset.UtcNow;
                await SaveAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogWarning(ex, "Could not write the heartbeat of the rebuild of {Projection}", job.Id);
            }
        }
    }

    /// <summary>The events done: none before the projection was torn down (its stored position is the live one's).</summary>
    private async Task<long> DoneAsync(CancellationToken cancellationToken) =>
        job.TornDownAt is null ? job.From : Math.Max(job.From, await ProjectionPositions.OfAsync(store, job.Id, cancellationToken) ?? job.From);

    private async Task WriteProgressAsync(CancellationToken cancellationToken)
    {
        job.Done = await DoneAsync(cancellationToken);
        job.UpdatedAt = DateTimeOffset.UtcNow;
        await SaveAsync(cancellationToken);
    }

    private async Task FinishAsync(RebuildState state, CancellationToken cancellationToken)
    {
        if (state == RebuildState.Cancelled)
        {
            job.Done = await DoneAsync(cancellationToken);
            (job.CancelledBy, job.CancelReason) = _cancelledBy ?? ("workbench", "cancelled");
        }
        job.State = state;
        job.UpdatedAt = DateTimeOffset.UtcNow;
        job.FinishedAt = job.UpdatedAt;
        await SaveAsync(cancellationToken, deleteCancelRequest: true);
    }

    private async Task FailAsync(Exception ex)
    {
        try
        {
            job.State = RebuildState.Failed;
            job.Error = ex.GetBaseException().Message;
            if (FailingEvent(ex) is { } failed)
            {
                (job.FailedSequence, job.FailedEventType, job.FailedStream) = (failed.Sequence, failed.EventTypeName, failed.StreamKey ?? failed.StreamId.ToString());
            }
            job.Done = await DoneAsync(CancellationToken.None);
            job.UpdatedAt = DateTimeOffset.UtcNow;
            job.FinishedAt = job.UpdatedAt;
            await SaveAsync(CancellationToken.None, deleteCancelRequest: true);
        }
        catch (Exception again) when (again is not OutOfMemoryException)
        {
            logger.LogError(again, "Could not record that the rebuild of {Projection} failed", job.Id);
        }
    }

    private static IEvent? FailingEvent(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is ApplyEventException apply) return apply.Event;
        }
        return null;
    }

    /// <summary>Saves the job, one write at a time (the run and its heartbeat both write).</summary>
    private async Task SaveAsync(CancellationToken cancellationToken, bool deleteCancelRequest = false)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await using var session = store.LightweightSession();
            session.Store(job);
            if (deleteCancelRequest) session.Delete<RebuildCancelRequest>(job.Id);
            await session.SaveChangesAsync(cancellationToken);
            _lastWritten = DateTimeOffset.UtcNow;
        }
        finally
        {
            _writing.Release();
        }
        owner.Report(job);
    }
}
