using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using JasperFx.Events;
using Marten;

namespace EventWorkbench.Access;

/// <summary>
/// Appends to the access stream, and only through a decision taken on what the log held: each command reads the
/// stream's version, then the accounts and keys it needs, decides, and appends at that version. A concurrent change
/// moves the version, so the append is refused and the command decides again on what is there now: two admins can
/// never both remove the last admin, and two set-up links never make two first admins.
/// </summary>
public sealed class AccessLog(IDocumentStore store)
{
    public const string Source = "ui";
    private const int MaxAttempts = 100; // every sign-in appends here: a burst of them retries, it does not fail

    public IDocumentStore Store => store;

    public async Task<AccessDecision> WriteAsync(
        AccessActor actor, Func<IQuerySession, Task<AccessDecision>> decide, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            long version;
            AccessDecision decision;
            await using (var query = store.QuerySession())
            {
                version = (await query.Events.FetchStreamStateAsync(WorkbenchStreams.Access, cancellationToken))?.Version ?? 0;
                decision = await decide(query);
            }
            if (!decision.Succeeded || (decision.Events.Count == 0 && decision.Secrets is null)) return decision;

            try
            {
                await SaveAsync(actor, decision, version, cancellationToken);
                return decision;
            }
            catch (Exception ex) when (EventAppender.IsVersionConflict(ex) && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(1, 2 + attempt * 3), cancellationToken);
            }
        }
    }

    private async Task SaveAsync(AccessActor actor, AccessDecision decision, long version, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = actor.Name;
        decision.Secrets?.Invoke(session);
        if (decision.Events.Count > 0)
        {
            var events = new IEvent[decision.Events.Count];
            for (var i = 0; i < events.Length; i++)
            {
                var e = session.Events.BuildEvent(decision.Events[i]);
                e.Id = Guid.CreateVersion7();
                e.UserName = actor.Name;
                e.SetHeader(EventAppender.SourceHeader, actor.IsSystem ? AccessNames.System : Source);
                events[i] = e;
            }
            if (version == 0) session.Events.StartStream(WorkbenchStreams.Access, events);
            else session.Events.Append(WorkbenchStreams.Access, version + events.Length, events);
            await InlineProjectionGate.PassAsync(session, cancellationToken);
        }
        await session.SaveChangesAsync(cancellationToken);
    }
}
