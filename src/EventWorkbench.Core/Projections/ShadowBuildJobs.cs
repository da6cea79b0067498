using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>One shadow build running in the background (or its end): who started it, how far it is, how it ended.</summary>
public sealed class ShadowJob(ShadowedProjection projection, string by, DateTimeOffset startedAt)
{
    public ShadowedProjection Projection { get; } = projection;
    public string By { get; } = by;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public ShadowProgress Progress { get; internal set; } = new("starting", 0, 0);
    public string? Error { get; internal set; }
    public Task Completion { get; internal set; } = Task.CompletedTask;
    public bool Running => !Completion.IsCompleted;
}

/// <summary>Where a projection's shadow stands: none, building, failed, or built (with its summary).</summary>
public sealed record ShadowStatus(string Projection, string Lifecycle, string State, ShadowProgress? Progress, string? Error, ShadowSummary? Summary)
{
    public const string None = "none";
    public const string Building = "building";
    public const string Failed = "failed";
    public const string Built = "built";
}

/// <summary>
/// Runs shadow builds in the background, one at a time per projection on this node, and answers where each stands. A
/// finished build is read from the store (<see cref="ShadowBuilds"/>), so its result outlives the app; a failure is kept in
/// memory until the next build starts.
/// </summary>
public sealed class ShadowBuildJobs(ShadowBuilder builder, NpgsqlDataSource dataSource, ILogger<ShadowBuildJobs> logger)
{
    private readonly ConcurrentDictionary<string, ShadowJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Starts a build; null when one of this projection is running already.</summary>
    public ShadowJob? TryStart(ShadowedProjection projection, string by)
    {
        var job = new ShadowJob(projection, by, DateTimeOffset.UtcNow);
        var current = _jobs.AddOrUpdate(projection.Name, job, (_, existing) => existing.Running ? existing : job);
        if (!ReferenceEquals(current, job)) return null;
        job.Completion = Task.Run(async () =>
        {
            try
            {
                await builder.BuildAsync(projection, by, new SynchronousProgress(job), CancellationToken.None);
                logger.LogInformation("Shadow build of {Projection} by {By} finished", projection.Name, by);
            }
            catch (Exception ex) // a background job: whatever failed is shown to whoever looks, and logged
            {
                job.Error = ex.Message;
                logger.LogError(ex, "Shadow build of {Projection} failed", projection.Name);
            }
        });
        return job;
    }

    public bool IsRunning(string projection) => _jobs.TryGetValue(projection, out var job) && job.Running;

    public async Task<ShadowStatus> StatusAsync(ShadowedProjection projection, CancellationToken cancellationToken)
    {
        var lifecycle = projection.Lifecycle.ToString().ToLowerInvariant();
        _jobs.TryGetValue(projection.Name, out var job);
        if (job is { Running: true }) return new ShadowStatus(projection.Name, lifecycle, ShadowStatus.Building, job.Progress, null, null);
        var summary = await ShadowBuilds.FindAsync(dataSource, projection.Name, cancellationToken);
        if (job is { Error: { } error }) return new ShadowStatus(projection.Name, lifecycle, ShadowStatus.Failed, null, error, summary);
        return new ShadowStatus(projection.Name, lifecycle, summary is null ? ShadowStatus.None : ShadowStatus.Built, null, null, summary);
    }

    /// <summary>Reports on the builder's thread, so the job's progress is current when read (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SynchronousProgress(ShadowJob job) : IProgress<ShadowProgress>
    {
        public void Report(ShadowProgress value) => job.Progress = value;
    }
}
