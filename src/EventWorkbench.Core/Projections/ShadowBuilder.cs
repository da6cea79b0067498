using System.Diagnostics;
using EventWorkbench.Erasure;
using EventWorkbench.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// Rebuilds one projection into the shadow schema while the live one keeps serving: a fresh daemon of a
/// <see cref="ShadowStore"/> folds every event up to the high-water mark with this build's projection code, then
/// <see cref="ShadowComparer"/> lists how its documents differ from the live ones, and the summary is stored.
/// The position a build covers is the settled end of the log when it started (<see cref="SettledPosition"/>): the daemon
/// folds at least that far (further when events arrive meanwhile, which then makes a promotion wait for the next build),
/// since a rebuild of an inline projection leaves no daemon progress behind to read. Sealed personal fields are opened
/// with the app's keyring (<paramref name="keyring"/>, see <see cref="ShadowStore.For"/>).
/// </summary>
public sealed class ShadowBuilder(NpgsqlDataSource dataSource, SubjectKeyring keyring, ILoggerFactory? loggerFactory = null)
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";
    private const string Progression = $"{EventStoreConfiguration.Schema}.mt_event_progression";

    public TimeSpan RebuildTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How long to wait for transactions that were open when the build started (they may still add events before its position).</summary>
    public TimeSpan OpenTransactionWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Claims the projection (<see cref="ShadowBuildClaims"/>) and builds its shadow; throws while another build holds it.</summary>
    public async Task<ShadowSummary> BuildAsync(
        ShadowedProjection projection, string by, IProgress<ShadowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var claim = await ShadowBuildClaims.TryClaimAsync(dataSource, projection.Name, by, cancellationToken)
            ?? throw new InvalidOperationException((await ShadowBuildClaims.FindAsync(dataSource, projection.Name, cancellationToken))?.Describe()
                ?? $"A shadow build of {projection.Name} is running.");
        return await BuildAsync(projection, claim, progress, cancellationToken);
    }

    /// <summary>
    /// Builds the shadow under a claim taken before: its heartbeat is written while it runs, and it stops as soon as a
    /// discard cancels the claim, dropping what it made and saving no summary.
    /// </summary>
    public async Task<ShadowSummary> BuildAsync(
        ShadowedProjection projection, ShadowBuildClaim claim, IProgress<ShadowProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var building = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var beating = new CancellationTokenSource();
        var latest = new LatestProgress(progress);
        var heartbeat = BeatAsync(claim, latest, building, beating.Token);
        var finished = false;
        try
        {
            var summary = await FoldAndCompareAsync(projection, claim.By, latest, building.Token);
            finished = await ShadowBuildClaims.FinishAsync(
                dataSource, projection, claim, connection => ShadowBuilds.SaveAsync(connection, summary, cancellationToken), cancellationToken);
            return finished ? summary : throw Discarded(projection);
        }
        catch (OperationCanceledException) when (building.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Discarded(projection);
        }
        finally
        {
            await beating.CancelAsync();
            await heartbeat;
            if (!finished) await ShadowBuildClaims.ReleaseAsync(dataSource, projection, claim, CancellationToken.None);
        }
    }

    private static OperationCanceledException Discarded(ShadowedProjection projection) =>
        new($"The shadow build of {projection.Name} was stopped while it ran (its shadow was discarded, or its claim lapsed and another build took over); nothing of this build was kept.");

    /// <summary>
    /// Writes the claim's heartbeat, with the build's progress for other nodes to show, until told to stop; cancels the
    /// build when the claim was cancelled or taken.
    /// </summary>
    private async Task BeatAsync(ShadowBuildClaim claim, LatestProgress progress, CancellationTokenSource build, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(ShadowBuildClaims.HeartbeatEvery, stop);
                if (await ShadowBuildClaims.BeatAsync(dataSource, claim, progress.Value, stop)) continue;
                await build.CancelAsync();
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException ex) // tried again at the next beat; a claim not written for ShadowBuildClaims.StaleAfter lapses
            {
                (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ShadowBuilder>()
                    .LogWarning(ex, "The heartbeat of the shadow build of {Projection} was not written", claim.Projection);
            }
        }
    }

    private async Task<ShadowSummary> FoldAndCompareAsync(
        ShadowedProjection projection, string by, IProgress<ShadowProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long highWater;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            highWater = await SettledPosition.ReadAsync(connection, OpenTransactionWait, "the shadow build", cancellationToken);
        // An erasure this node has not heard of yet must not have its subject's text read into the shadow.
        await keyring.ForgetErasedAsync(cancellationToken);
        progress?.Report(new ShadowProgress("rebuilding", 0, highWater));

        using (var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var watcher = WatchRebuildAsync(projection, highWater, progress, watching.Token);
            await using (var shadow = ShadowStore.For(dataSource, projection.Name, keyring))
            using (var daemon = await shadow.BuildProjectionDaemonAsync(logger: (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ShadowBuilder>()))
            {
                await daemon.RebuildProjectionAsync(projection.Name + ShadowStore.ShardSuffix, RebuildTimeout, cancellationToken);
            }
            await watching.CancelAsync();
            await watcher;
        }

        var builtThrough = highWater;
        var events = await ScalarAsync($"SELECT count(*) FROM {Events} WHERE seq_id <= {builtThrough}", cancellationToken);
        var shadowDocuments = await ScalarAsync($"SELECT count(*) FROM {projection.ShadowTable}", cancellationToken);
        progress?.Report(new ShadowProgress("comparing", 0, shadowDocuments));
        var comparing = new Progress<long>(rows => progress?.Report(new ShadowProgress("comparing", rows / 2, shadowDocuments)));
        var counts = await new ShadowComparer(dataSource).CompareAsync(projection, comparing, cancellationToken);

        return new ShadowSummary(
            projection.Name, builtThrough, events, by, MicrosecondClock.Instance.GetUtcNow(), clock.ElapsedMilliseconds,
            counts.Live, counts.Shadow, counts.Added, counts.Removed, counts.Changed, counts.Unchanged);
    }

    /// <summary>How far the shadow's daemon is, where it says (0 while it does not).</summary>
    private async Task<long> RebuiltThroughAsync(ShadowedProjection projection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT last_seq_id FROM {Progression} WHERE name = @name");
        command.Parameters.AddWithValue("name", ShadowStore.ShardOf(projection.Name));
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    }

    private async Task WatchRebuildAsync(ShadowedProjection projection, long highWater, IProgress<ShadowProgress>? progress, CancellationToken cancellationToken)
    {
        if (progress is null) return;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
                var position = await RebuiltThroughAsync(projection, cancellationToken);
                progress.Report(new ShadowProgress("rebuilding", Math.Min(position, highWater), highWater));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Passes each report on and keeps the last one, which the heartbeat writes.</summary>
    private sealed class LatestProgress(IProgress<ShadowProgress>? next) : IProgress<ShadowProgress>
    {
        private volatile ShadowProgress _value = new("starting", 0, 0);

        public ShadowProgress Value => _value;

        public void Report(ShadowProgress value)
        {
            _value = value;
            next?.Report(value);
        }
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
