using System.Diagnostics;

namespace EventWorkbench.Benchmarks;

public sealed record ScenarioResult(string Name, long Events, TimeSpan Elapsed, long PeakWorkingSet, CpuSnapshot Cpu)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    public double AppMicrosecondsPerEvent => Cpu.App.TotalMicroseconds / Events;

    public double PostgresMicrosecondsPerEvent => Cpu.Postgres.TotalMicroseconds / Events;

    /// <summary>Busy cores of the machine spent outside this benchmark (other processes), on average.</summary>
    public double OtherLoad => (Cpu.Machine - Cpu.App - Cpu.Postgres) / Elapsed;

    /// <summary>Times <paramref name="run"/>, sampling the process's working set every 50 ms and the CPU it and PostgreSQL use.</summary>
    public static async Task<ScenarioResult> MeasureAsync(string name, long events, Func<Task> run)
    {
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var start = CpuSnapshot.Take();
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        var cpu = CpuSnapshot.Take() - start;
        await stop.CancelAsync();
        await sampler;
        return new ScenarioResult(name, events, clock.Elapsed, peak, cpu);
    }
}
