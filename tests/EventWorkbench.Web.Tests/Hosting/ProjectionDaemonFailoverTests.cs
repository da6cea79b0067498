using System.Diagnostics;
using EventWorkbench.Analytics;
using EventWorkbench.Ingest;
using EventWorkbench.Testing;
using JasperFx;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// Two app nodes on one database with <c>Projections:Daemon</c> at its default (HotCold): one runs the async
/// projections, the other stands by and takes over within seconds when the first goes.
/// </summary>
public sealed class ProjectionDaemonFailoverTests(ITestOutputHelper output)
{
    private static readonly string[] AnalyticsShards = [nameof(ModelScorecard), nameof(ActivityByDay), nameof(ReviewerActivity)];

    [Fact]
    public async Task Only_one_of_two_nodes_runs_the_projections_and_the_other_takes_over_within_seconds_when_it_stops()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(ProjectionDaemonFailoverTests));
        var first = await StartNodeAsync(database);
        var second = await StartNodeAsync(database);
        try
        {
            await WaitUntilAsync(() => RunningShards(first).Count == AnalyticsShards.Length, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3)); // three leadership polls of the second node
            RunningShards(second).ShouldBeEmpty();
            RunningShards(first).Count.ShouldBe(AnalyticsShards.Length);

            var clock = Stopwatch.StartNew();
            await first.StopAsync();
            await first.DisposeAsync();
            await WaitUntilAsync(() => RunningShards(second).Count == AnalyticsShards.Length, TimeSpan.FromSeconds(30));
            var takeOver = clock.Elapsed;
            output.WriteLine($"Take-over after the leader stopped: {takeOver.TotalSeconds:0.00} s");

            takeOver.ShouldBeLessThan(TimeSpan.FromSeconds(5));
            // The node that took over runs them: what is appended now reaches the analytics.
            var store = second.Services.GetRequiredService<IDocumentStore>();
            var appender = second.Services.GetRequiredService<EventAppender>();
            var outcome = await appender.AppendAsync($"failover-{Guid.NewGuid():N}", new AppendRequest([.. GeneratedStream.Events(5, 30)]), new AppendContext("test-client", "api"));
            outcome.ShouldBeOfType<AppendOutcome.Appended>();
            await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            await using var session = store.QuerySession();
            (await session.Query<ActivityByDay>().SumAsync(a => a.Total)).ShouldBe(30);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    private static async Task<WebApplication> StartNodeAsync(TestDatabase database)
    {
        var app = WorkbenchHost.Create(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:EventStore"] = database.AppConnectionString,
                ["ConnectionStrings:EventStoreAdmin"] = database.AdminConnectionString,
                ["Demo:Seed"] = "false",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return app;
    }

    private static List<string> RunningShards(WebApplication node) =>
        [.. node.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents()
            .Where(agent => agent.Status == AgentStatus.Running)
            .Select(agent => agent.Name.Identity)
            .Where(name => AnalyticsShards.Any(shard => name.StartsWith(shard, StringComparison.Ordinal)))];

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"Not true within {timeout}");
            await Task.Delay(50);
        }
    }
}
