using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using Marten;

namespace EventWorkbench.Demo;

public sealed record DemoSeedProgress(int Streams, int TotalStreams, long Events);

/// <summary>
/// Seeds <see cref="DemoDataSet"/> into an empty store through the validated append path (source: seed), stamped over
/// the <see cref="DemoDataSet.Period"/> that ends now.
/// </summary>
public sealed class DemoSeeder(IDocumentStore store, EventAppender appender)
{
    /// <returns>The number of events written; 0 when the store already held events.</returns>
    public async Task<long> SeedIfEmptyAsync(IProgress<DemoSeedProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using (var session = store.QuerySession())
        {
            if (await session.Events.QueryAllRawEvents().AnyAsync(cancellationToken)) return 0;
        }

        var streams = DemoDataSet.Build();
        var periodStart = MicrosecondClock.Instance.GetUtcNow() - DemoDataSet.Period;
        long events = 0;
        for (var i = 0; i < streams.Count; i++)
        {
            var stream = streams[i];
            foreach (var step in stream.Steps)
            {
                var outcome = await appender.AppendAsync(stream.StreamId, step.Request, new AppendContext(step.Actor, "seed", RecordedAt: periodStart + step.At), cancellationToken);
                if (outcome is not AppendOutcome.Appended appended)
                    throw new InvalidOperationException($"Demo data for {stream.StreamId} was refused: {outcome}");
                events += appended.Events.Count;
            }
            progress?.Report(new DemoSeedProgress(i + 1, streams.Count, events));
        }
        return events;
    }
}
