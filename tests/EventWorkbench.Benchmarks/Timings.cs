using System.Diagnostics;

namespace EventWorkbench.Benchmarks;

/// <summary>Median and 95th percentile of repeated runs of one operation, after a warm-up.</summary>
public static class Timings
{
    public static async Task<(double Median, double P95)> MeasureAsync(Func<Task<int>> run, int runs = 30)
    {
        for (var i = 0; i < 3; i++) await run();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[runs / 2], times[(int)(runs * 0.95)]);
    }
}
