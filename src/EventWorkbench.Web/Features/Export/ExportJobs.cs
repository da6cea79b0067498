using System.Collections.Concurrent;
using System.Diagnostics;
using EventWorkbench.Export;

namespace EventWorkbench.Web.Features.Export;

/// <summary>
/// One export prepared on the server in the background, into a temporary file: its progress (rows written of the
/// preview's total, the rate), then the file to download, or why it failed.
/// </summary>
public sealed class ExportJob
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _rowsDone;

    internal ExportJob(string key, ExportRequest request, long total, string folder)
    {
        (Key, Request, Total) = (key, request, total);
        FileName = ExportNames.DataFileName(request.Format, request.Container, request.Split);
        FilePath = ExportFiles.NewPath(folder);
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");
    public string Key { get; }
    public ExportRequest Request { get; }
    public long Total { get; }
    public string FileName { get; }
    public long RowsDone => Interlocked.Read(ref _rowsDone);
    public ExportManifest? Manifest { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public bool IsRunning => FinishedAt is null;
    public bool Failed => Error is not null;
    internal string FilePath { get; }

    /// <summary>Rows per second so far.</summary>
    public double Rate => _clock.Elapsed.TotalSeconds > 0 ? RowsDone / _clock.Elapsed.TotalSeconds : 0;

    /// <summary>Stops the job while it runs: the app stops, or an erasure withdraws it.</summary>
    internal CancellationTokenSource Stopping { get; } = new();

    internal void Count(long rows) => Interlocked.Add(ref _rowsDone, rows);

    internal void Finish(ExportManifest? manifest, string? error)
    {
        (Manifest, Error) = (manifest, error);
        _clock.Stop();
        FinishedAt = DateTimeOffset.UtcNow;
    }
}

/// <summary>
/// The export page's background exports, one per request and <c>asOf</c> (the key is the download address, which
/// names both), so a reload of the same address finds the running job again. Bounded: at most
/// <see cref="MaxJobs"/> running or ready at a time, and a finished job (with its file) is dropped <see cref="Expiry"/>
/// after it ended. A failed job frees its slot and its file at once; it stays findable (its error shown) until it
/// expires or the same request is started again, which retries it. An erasure withdraws every job (<see cref="Forget"/>).
/// The files of a process that ended without deleting them are deleted at the next start (<see cref="ExportFiles"/>).
/// </summary>
public sealed class ExportJobs(DatasetExporter exporter, ILogger<ExportJobs> logger) : IDisposable
{
    public const int MaxJobs = 4;
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, ExportJob> _jobs = new(StringComparer.Ordinal);
    private volatile bool _disposed;
    private readonly Lock _starting = new();

    public static string KeyFor(ExportRequest request, long asOf) => ExportAddress.Download(request, asOf);

    public ExportJob? Find(ExportRequest request, long asOf)
    {
        DropExpired();
        return _jobs.TryGetValue(KeyFor(request, asOf), out var job) ? job : null;
    }

    public ExportJob? FindById(string id) => _jobs.Values.FirstOrDefault(job => job.Id == id);

    /// <summary>The job for this request at this <c>asOf</c>, started unless one runs or is ready; null when too many run.</summary>
    public ExportJob? Start(ExportRequest request, long asOf, long total)
    {
        DropExpired();
        var key = KeyFor(request, asOf);
        lock (_starting)
        {
            if (_jobs.TryGetValue(key, out var existing) && !existing.Failed) return existing;
            if (_jobs.Values.Count(job => !job.Failed) >= MaxJobs) return null;
            var job = _jobs[key] = new ExportJob(key, request with { AsOf = asOf }, total, Path.GetTempPath());
            _ = Task.Run(() => RunAsync(job));
            return job;
        }
    }

    private async Task RunAsync(ExportJob job)
    {
        try
        {
            await using var file = new FileStream(job.FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            await using var lineage = new LineCountingStream(job.Count);
            var manifest = await exporter.WriteAsync(job.Request, file, lineage, job.Stopping.Token);
            job.Finish(manifest, null);
            if (job.Stopping.IsCancellationRequested) Delete(job); // withdrawn as it finished
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The background export {Key} failed", job.Key);
            var withdrawn = ex is OperationCanceledException && !_disposed;
            job.Finish(null, withdrawn ? Withdrawn : ex is OperationCanceledException ? "the app is stopping" : ex.Message);
            Delete(job);
        }
    }

    private const string Withdrawn = "a data subject was erased meanwhile, and the file could hold their data; prepare it again";

    /// <summary>
    /// Withdraws every prepared export, running or ready, and deletes its file: after an erasure any of them could hold
    /// the erased subject's data. The same request prepares it again, without the erased streams.
    /// </summary>
    public void Forget()
    {
        foreach (var (key, job) in _jobs)
        {
            if (!_jobs.TryRemove(key, out _)) continue;
            job.Stopping.Cancel(); // a running job deletes its own file as it ends
            if (!job.IsRunning) Delete(job);
        }
    }

    private void DropExpired()
    {
        foreach (var (key, job) in _jobs)
        {
            if (job.FinishedAt is { } finished && DateTimeOffset.UtcNow - finished > Expiry && _jobs.TryRemove(key, out _)) Delete(job);
        }
    }

    private static void Delete(ExportJob job)
    {
        try
        {
            File.Delete(job.FilePath);
        }
        catch (IOException)
        {
            // still being downloaded: the temporary folder's own clean-up takes it
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var job in _jobs.Values)
        {
            job.Stopping.Cancel();
            if (!job.IsRunning) Delete(job);
        }
    }
}
