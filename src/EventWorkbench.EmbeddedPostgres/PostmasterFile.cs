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
        while (Stat(dead.Pid)?.State == 'Z' && DateTime.UtcNow < deadline) await Task.Delay(50);
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
            return Stat(pid) is { } stat && stat.State is not ('Z' or 'X' or 'x') && stat.Command.StartsWith("postgres", StringComparison.Ordinal);
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

    /// <summary>The process's state letter (R, S, Z, ...) and command name from <c>/proc/{pid}/stat</c>; null when there is none.</summary>
    private static (char State, string Command)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // pid (comm) state ...: the command name may hold spaces or parentheses, so read after the last ')'.
            var close = stat.LastIndexOf(')');
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            return close < 0 || open < 0 || close + 2 >= stat.Length ? null : (stat[close + 2], stat[(open + 1)..close]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
