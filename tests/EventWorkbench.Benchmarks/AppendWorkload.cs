using EventWorkbench.Demo;

namespace EventWorkbench.Benchmarks;

/// <summary>One append request's worth of events: a new stream, written in one batch.</summary>
public sealed record AppendBatch(string StreamId, IReadOnlyList<object> Events);

/// <summary>
/// The events every path writes: <see cref="SyntheticStreams"/> (the demo products' shapes, ~1 KB of JSON per event),
/// cut into batches of <c>batchSize</c>. The append API takes one stream per request, so each batch is one new
/// stream (expectedVersion 0) holding about ten consecutive synthetic interactions.
/// </summary>
public sealed class AppendWorkload
{
    public const string Actor = "bench";

    private AppendWorkload(IReadOnlyList<AppendBatch> batches, long events)
    {
        Batches = batches;
        Events = events;
    }

    public IReadOnlyList<AppendBatch> Batches { get; }
    public long Events { get; }

    public static AppendWorkload Create(long events, int batchSize, string streamPrefix = "bench")
    {
        var batches = new List<AppendBatch>((int)(events / batchSize) + 1);
        var current = new List<object>(batchSize);
        foreach (var e in SyntheticStreams.ForEvents(1, events).SelectMany(s => s.Events))
        {
            current.Add(e.Data);
            if (current.Count < batchSize) continue;
            batches.Add(new AppendBatch($"{streamPrefix}-{batches.Count + 1:D7}", current));
            current = new List<object>(batchSize);
        }
        if (current.Count > 0) batches.Add(new AppendBatch($"{streamPrefix}-{batches.Count + 1:D7}", current));
        return new AppendWorkload(batches, events);
    }

    /// <summary>Events sent through a path before its clock starts, so tiered JIT has compiled the hot code (the path
    /// measured first would otherwise pay for it): a tenth of the run, between 800 and 20,000 events.</summary>
    public IReadOnlyList<AppendBatch> WarmUp(int batchSize) => Create(Math.Clamp(Events / 10, 800, 20_000), batchSize, "warmup").Batches;

    /// <summary>Runs <paramref name="work"/> for every batch on <paramref name="workers"/> concurrent workers.</summary>
    public static async Task RunConcurrentlyAsync(IReadOnlyList<AppendBatch> batches, int workers, Func<int, AppendBatch, Task> work)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches.Count; i = Interlocked.Increment(ref next))
                await work(worker, batches[i]);
        })));
    }
}
