using System.Diagnostics;
using EventWorkbench.Web.Features.Export;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventWorkbench.Web.Tests.Export;

/// <summary>At start-up the export files no running process can own are deleted; the others stay.</summary>
public sealed class ExportFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("export-files-").FullName;

    [Fact]
    public async Task Files_of_ended_processes_and_of_a_reused_process_id_go_and_those_a_running_process_may_own_stay()
    {
        using var running = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        using var ended = Process.Start(new ProcessStartInfo("true"))!;
        await ended.WaitForExitAsync();
        var longAgo = DateTime.UtcNow - TimeSpan.FromDays(2); // before this process started
        var endedProcess = File($"eventworkbench-export-{ended.Id}-{Guid.NewGuid():N}.tmp");
        var reusedId = File($"eventworkbench-export-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp", longAgo);
        var thisProcess = File($"eventworkbench-export-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        var otherNode = File($"eventworkbench-export-{running.Id}-{Guid.NewGuid():N}.tmp");
        var unnamedOld = File($"eventworkbench-export-{Guid.NewGuid():N}.tmp", DateTime.UtcNow - ExportFiles.UnnamedOwnerAge - TimeSpan.FromMinutes(1));
        var unnamedRecent = File($"eventworkbench-export-{Guid.NewGuid():N}.tmp");
        var notAnExport = File("something-else.tmp", longAgo);
        var files = new ExportFiles(NullLogger<ExportFiles>.Instance) { Folder = _folder };

        try
        {
            files.DeleteLeftovers().ShouldBe(3);
        }
        finally
        {
            running.Kill();
        }

        Directory.EnumerateFiles(_folder).Select(Path.GetFileName).Order().ShouldBe(
            new[] { thisProcess, otherNode, unnamedRecent, notAnExport }.Order());
        new[] { endedProcess, reusedId, unnamedOld }.ShouldAllBe(name => !System.IO.File.Exists(Path.Combine(_folder, name)));
        new ExportFiles(NullLogger<ExportFiles>.Instance) { Folder = Path.Combine(_folder, "missing") }.DeleteLeftovers().ShouldBe(0);
    }

    [Fact]
    public void A_new_file_is_named_after_this_process()
    {
        Path.GetFileName(ExportFiles.NewPath(_folder)).ShouldStartWith($"eventworkbench-export-{Environment.ProcessId}-");
    }

    private string File(string name, DateTime? lastWrittenUtc = null)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, "rows");
        if (lastWrittenUtc is { } at) System.IO.File.SetLastWriteTimeUtc(path, at);
        return name;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
