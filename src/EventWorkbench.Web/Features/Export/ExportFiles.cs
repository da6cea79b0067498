using System.Diagnostics;
using System.Globalization;

namespace EventWorkbench.Web.Features.Export;

/// <summary>
/// The temporary files <see cref="ExportJobs"/> prepares exports in, named after the process that writes them
/// (<c>eventworkbench-export-{process id}-{random}.tmp</c>), and the clean-up at start-up of the ones a process left when
/// it ended without deleting them (a crash, a kill): such a file may hold a data subject erased since. Other nodes on the
/// same machine share the folder, so a file is deleted only when the process named in it cannot own it: no process
/// has that id, or the one that has it started after the file was last written (the id was reused, as it is by a
/// container whose app is always the same process id). Files named without a process id (made before this naming)
/// are deleted once unwritten for <see cref="UnnamedOwnerAge"/>, by then expired (<see cref="ExportJobs.Expiry"/>) if
/// still owned.
/// </summary>
internal sealed class ExportFiles(ILogger<ExportFiles> logger) : IHostedService
{
    private const string Prefix = "eventworkbench-export-";
    public static readonly TimeSpan UnnamedOwnerAge = 2 * ExportJobs.Expiry;

    /// <summary>Where the files go: the system's temporary folder.</summary>
    public string Folder { get; init; } = Path.GetTempPath();

    /// <summary>A new file's path in <paramref name="folder"/>, named after this process.</summary>
    public static string NewPath(string folder) =>
        Path.Combine(folder, $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.tmp");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var deleted = DeleteLeftovers();
        if (deleted > 0) logger.LogWarning("Deleted {Count} export file(s) left by processes that ended without deleting them", deleted);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deletes the files in <see cref="Folder"/> no running process can own; returns how many.</summary>
    public int DeleteLeftovers()
    {
        if (!Directory.Exists(Folder)) return 0;
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(Folder, $"{Prefix}*.tmp"))
        {
            try
            {
                var lastWritten = File.GetLastWriteTimeUtc(path);
                if (!Abandoned(Path.GetFileName(path), lastWritten)) continue;
                File.Delete(path);
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Could not delete the leftover export file {Path}: {Reason}", path, ex.Message);
            }
        }
        return deleted;
    }

    private static bool Abandoned(string name, DateTime lastWrittenUtc)
    {
        var owner = name[Prefix.Length..].Split('-')[0];
        if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
            return DateTime.UtcNow - lastWrittenUtc > UnnamedOwnerAge; // eventworkbench-export-{random}.tmp
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.StartTime.ToUniversalTime() > lastWrittenUtc.AddSeconds(1); // started after the file was last written
        }
        catch (ArgumentException)
        {
            return true; // no process has that id
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false; // it cannot be told: kept
        }
    }
}
