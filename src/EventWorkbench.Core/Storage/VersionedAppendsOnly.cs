using Marten;

namespace EventWorkbench.Storage;

/// <summary>
/// Refuses an append that names no expected version, before anything is sent. Events go in through Marten's append
/// function, which numbers them in the database; the inline projections, which run before that, know the events'
/// versions only from the version the append expects. <see cref="Ingest.EventAppender"/> always names one (a stream
/// start expects 0); a plain <c>Events.Append(stream, events)</c> would leave the projections seeing version 0.
/// </summary>
public sealed class VersionedAppendsOnly : DocumentSessionListenerBase
{
    public static void Configure(StoreOptions options) => options.Listeners.Add(new VersionedAppendsOnly());

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        foreach (var stream in session.PendingChanges.Streams())
        {
            if (stream.Events.Count > 0 && stream.ExpectedVersionOnServer is null)
            {
                throw new InvalidOperationException(
                    $"The append to stream '{stream.Key ?? stream.Id.ToString()}' names no expected version. Append through EventAppender, " +
                    "or start the stream (StartStream) or name the version it must be at (Events.Append(stream, expectedVersion, events)).");
            }
        }
        return Task.CompletedTask;
    }
}
