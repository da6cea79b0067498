using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EventWorkbench.EmbeddedPostgres;

/// <summary>Runs the PostgreSQL programs, as an unprivileged user when this process is root.</summary>
internal sealed partial class ProcessRunner(string? runAsUser)
{
    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    public string? RunAsUser => runAsUser;

    public async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is null)
        {
            start.FileName = program;
        }
        else
        {
            start.FileName = "runuser";
            foreach (var arg in new[] { "-u", runAsUser, "--", program }) start.ArgumentList.Add(arg);
        }
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:N0} s");
        }
        var text = (await output) + (await error);
        if (process.ExitCode != 0)
            throw new PostgresSetupException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {text.Trim()}");
        return text;
    }

    /// <summary>The program and its arguments as one shell command, run as the server's user like <see cref="RunAsync"/>.</summary>
    public string ShellCommand(string program, IReadOnlyList<string> arguments)
    {
        IEnumerable<string> words = runAsUser is null ? [program, .. arguments] : ["runuser", "-u", runAsUser, "--", program, .. arguments];
        return string.Join(' ', words.Select(word => $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
    }

    /// <summary>
    /// Starts a shell script in the background, detached: the shell that starts it exits at once, so the script is
    /// no child of this process and outlives it however it ends (even when killed with its whole process tree).
    /// </summary>
    public static void StartDetached(string script)
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        foreach (var arg in new[] { "-c", $"({script}) </dev/null >/dev/null 2>&1 &" }) start.ArgumentList.Add(arg);
        using var shell = Process.Start(start) ?? throw new InvalidOperationException("Could not start sh");
        shell.WaitForExit();
    }

    /// <summary>Hands a folder to the user the server runs as (only needed when running as root).</summary>
    public async Task GiveOwnershipAsync(string folder)
    {
        if (runAsUser is null) return;
        await new ProcessRunner(null).RunAsync("chown", ["-R", $"{runAsUser}:", folder], TimeSpan.FromMinutes(1));
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
