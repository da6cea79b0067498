using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EventWorkbench.Storage.Embedded;

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
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {text.Trim()}");
        return text;
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
