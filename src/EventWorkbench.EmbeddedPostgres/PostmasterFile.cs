using System.Globalization;

namespace EventWorkbench.EmbeddedPostgres;

/// <summary>
/// What a cluster's <c>postmaster.pid</c> says (the server's process id on its first line, its port on the fourth)
/// and whether that process still runs. The file outlives a server that was killed, so a file alone proves nothing.
/// </summary>
internal sealed record PostmasterFile(int Pid, int Port)
{
    public bool IsRunning => ProcessLiveness.IsPostgres(Pid);

    public static PostmasterFile? Read(string clusterDirectory)
    {
        var file = Path.Combine(clusterDirectory, "postmaster.pid");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // none, or being rewritten by a starting server
        }
        return lines.Length > 3
            && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new PostmasterFile(pid, port)
            : null;
    }
}

/// <summary>Whether a process runs, without waiting on it (the postmaster is no child of the app: pg_ctl detaches it).</summary>
internal static class ProcessLiveness
{
    /// <summary>
    /// Waits (up to <paramref name="patience"/>) while the server <c>postmaster.pid</c> names has died but was not reaped
    /// yet: <c>pg_ctl status</c> and a starting server's own lock-file check both take such a zombie for a running
    /// server, so a start right after a kill would adopt a server that is gone, or refuse to start.
    /// </summary>
    public static async Task WaitWhileUnreapedAsync(string clusterDirectory, TimeSpan patience)
    {
        if (!OperatingSystem.IsLinux() || PostmasterFile.Read(clusterDirectory) is not { IsRunning: false } dead) return;
        var deadline = DateTime.UtcNow + patience;
        while (State(dead.Pid) == 'Z' && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    /// <summary>The process's state letter from <c>/proc/{pid}/stat</c> (R, S, Z, ...); null when there is no such process.</summary>
    private static char? State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')'); // pid (comm) state ...: the name may hold spaces or parentheses
            return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// True while <paramref name="pid"/> is a running PostgreSQL server process. On Linux a zombie counts as gone (a
    /// killed postmaster stays one until its parent, often the container's init, reaps it) and so does a process
    /// that reused the id for another program.
    /// </summary>
    public static bool IsPostgres(int pid)
    {
        if (pid <= 0) return false;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // pid (comm) state ...: the command name may hold spaces or parentheses, so read after the last ')'.
                var close = stat.LastIndexOf(')');
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                if (close < 0 || open < 0 || close + 2 >= stat.Length) return false;
                var state = stat[close + 2];
                var command = stat[(open + 1)..close];
                return state is not ('Z' or 'X' or 'x') && command.StartsWith("postgres", StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
