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
/// Runs shadow builds in the background, one at a time per projection across every node (each holds its claim,
/// <see cref="ShadowBuildClaims"/>), and answers where each stands. A finished build is read from the store
/// (<see cref="ShadowBuilds"/>), so its result outlives the app; a failure is kept in memory until the next build starts.
/// </summary>
public sealed class ShadowBuildJobs(ShadowBuilder builder, NpgsqlDataSource dataSource, ILogger<ShadowBuildJobs> logger)
{
    private readonly ConcurrentDictionary<string, ShadowJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Starts a build; null while a build of this projection runs, on this node or another (<see cref="ShadowBuildClaims"/>).</summary>
    public async Task<ShadowJob?> TryStartAsync(ShadowedProjection projection, string by, CancellationToken cancellationToken)
    {
        if (IsRunning(projection.Name)) return null;
        if (await ShadowBuildClaims.TryClaimAsync(dataSource, projection.Name, by, cancellationToken) is not { } claim) return null;
        var job = new ShadowJob(projection, by, DateTimeOffset.UtcNow);
        _jobs[projection.Name] = job;
        job.Completion = Task.Run(async () =>
        {
            try
            {
                await builder.BuildAsync(projection, claim, new SynchronousProgress(job), CancellationToken.None);
                logger.LogInformation("Shadow build of {Projection} by {By} finished", projection.Name, by);
            }
            catch (Exception ex) // a background job: whatever failed is shown to whoever looks, and logged
            {
                job.Error = ex.Message;
                logger.LogError(ex, "Shadow build of {Projection} failed", projection.Name);
            }
        }, CancellationToken.None);
        return job;
    }

    public bool IsRunning(string projection) => _jobs.TryGetValue(projection, out var job) && job.Running;

    /// <summary>
    /// Where the shadow stands: a build running here with its progress; one running on another node with the progress its
    /// last heartbeat wrote (<see cref="ShadowBuildClaims"/>);
    /// one whose node stopped beating, as failed; else the stored summary, if any.
    /// </summary>
    public async Task<ShadowStatus> StatusAsync(ShadowedProjection projection, CancellationToken cancellationToken)
    {
        var lifecycle = projection.Lifecycle.ToString().ToLowerInvariant();
        _jobs.TryGetValue(projection.Name, out var job);
        if (job is { Running: true }) return new ShadowStatus(projection.Name, lifecycle, ShadowStatus.Building, job.Progress, null, null);
        var claim = await ShadowBuildClaims.FindAsync(dataSource, projection.Name, cancellationToken);
        if (claim is { Live: true }) return new ShadowStatus(projection.Name, lifecycle, ShadowStatus.Building, claim.Progress, null, null);
        var summary = await ShadowBuilds.FindAsync(dataSource, projection.Name, cancellationToken);
        if (claim is not null)
        {
            var error = $"the build started by {claim.By} on {claim.Node} at {claim.StartedAt:u} stopped: nothing was heard from it since {claim.HeartbeatAt:u}";
            return new ShadowStatus(projection.Name, lifecycle, ShadowStatus.Failed, null, error, summary);
        }
        if (job is { Error: { } failure }) return new ShadowStatus(projection.Name, lifecycle, ShadowStatus.Failed, null, failure, summary);
        return new ShadowStatus(projection.Name, lifecycle, summary is null ? ShadowStatus.None : ShadowStatus.Built, null, null, summary);
    }

    /// <summary>Reports on the builder's thread, so the job's progress is current when read (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SynchronousProgress(ShadowJob job) : IProgress<ShadowProgress>
    {
        public void Report(ShadowProgress value) => job.Progress = value;
    }
}
