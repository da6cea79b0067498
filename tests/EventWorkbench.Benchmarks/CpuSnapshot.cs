using System.Diagnostics;
using System.Globalization;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// CPU time used so far by this process, by the benchmark's PostgreSQL cluster (the postmaster, its live backends and,
/// through the postmaster's cutime/cstime, the backends that have exited) and by the whole machine, from /proc.
/// On a shared machine, wall-clock rates are noisy; CPU per event is what the paths really cost.
/// </summary>
public sealed record CpuSnapshot(TimeSpan App, TimeSpan Postgres, TimeSpan Machine)
{
    private const double TickMilliseconds = 10; // USER_HZ is 100 on Linux

    public static int PostmasterPid { get; set; }

    public static CpuSnapshot Take()
    {
        using var process = Process.GetCurrentProcess();
        return new CpuSnapshot(process.TotalProcessorTime, PostgresTime(), MachineTime());
    }

    public static CpuSnapshot operator -(CpuSnapshot end, CpuSnapshot start) =>
        new(end.App - start.App, end.Postgres - start.Postgres, end.Machine - start.Machine);

    private static TimeSpan PostgresTime()
    {
        if (PostmasterPid == 0 || !Directory.Exists("/proc")) return TimeSpan.Zero;
        long ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            var stat = ReadStat(pid);
            if (stat is null) continue;
            if (pid == PostmasterPid) ticks += stat[11] + stat[12] + stat[13] + stat[14];
            else if (stat[1] == PostmasterPid) ticks += stat[11] + stat[12];
        }
        return TimeSpan.FromMilliseconds(ticks * TickMilliseconds);
    }

    // Fields after "pid (comm)": [0] state is skipped as 0, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static long[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Take(15).Select((f, i) => i == 0 ? 0 : long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException)
        {
            return null; // the process ended while we looked
        }
    }

    private static TimeSpan MachineTime()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromMilliseconds(busy * TickMilliseconds);
    }
}
