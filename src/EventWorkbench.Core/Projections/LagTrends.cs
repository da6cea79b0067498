using System.Collections.Concurrent;

namespace EventWorkbench.Projections;

/// <summary>The recent lag of each projection (events behind), one sample at most per <see cref="Interval"/>, kept on this node.</summary>
public sealed class LagTrends
{
    private readonly ConcurrentDictionary<string, Samples> _samples = new(StringComparer.Ordinal);

    public int Capacity { get; init; } = 60;
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Records <paramref name="lag"/> (unless the last sample is younger than the interval) and returns the samples, oldest first.</summary>
    public IReadOnlyList<long> Record(string projection, long lag, DateTimeOffset now)
    {
        var samples = _samples.GetOrAdd(projection, _ => new Samples());
        lock (samples)
        {
            if (samples.Values.Count == 0 || now - samples.LastAt >= Interval)
            {
                samples.Values.Enqueue(lag);
                samples.LastAt = now;
                while (samples.Values.Count > Capacity) samples.Values.Dequeue();
            }
            return [.. samples.Values];
        }
    }

    private sealed class Samples
    {
        public Queue<long> Values { get; } = new();
        public DateTimeOffset LastAt { get; set; }
    }
}
