using System.Globalization;
using System.Net.Http.Headers;
using EventWorkbench.Demo;
using EventWorkbench.Projections;
using EventWorkbench.Testing;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// Two app nodes, <c>node-a</c> and <c>node-b</c>, on one database of generated events (enough for a rebuild of the
/// reviews to take a few seconds), each on Kestrel with an admin API key. The async daemon is off on both: it is not
/// what these tests are about and would only compete with the rebuild for the machine.
/// </summary>
public sealed class TwoRebuildNodes : IAsyncLifetime
{
    public const string AdminKey = "admin-secret";
    public const string NodeA = "node-a";
    public const string NodeB = "node-b";

    /// <summary>Generated events in the store: <c>EWB_REBUILD_TEST_EVENTS</c> when set (as for the Core rebuild tests), else a few thousand.</summary>
    public static int SyntheticEvents { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("EWB_REBUILD_TEST_EVENTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var events) && events > 0
            ? events
            : 6_000;

    private WebApplication? _a;
    private WebApplication? _b;

    public HttpClient A { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(TwoRebuildNodes));
        using (var store = TestStores.For(database))
        {
            await new SyntheticSeeder(store) { EventsPerTransaction = 10_000 }.WriteAsync(SyntheticEvents);
        }
        (_a, A) = await StartNodeAsync(database, NodeA);
        (_b, B) = await StartNodeAsync(database, NodeB);
    }

    private static async Task<(WebApplication, HttpClient)> StartNodeAsync(TestDatabase database, string node)
    {
        var app = WorkbenchHost.Create(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:EventStore"] = database.AppConnectionString,
                ["ConnectionStrings:EventStoreAdmin"] = database.AdminConnectionString,
                ["Demo:Seed"] = "false",
                ["Projections:Daemon"] = "Disabled",
                ["Api:Keys:operator:Secret"] = AdminKey,
                ["Api:Keys:operator:Scopes:0"] = "admin",
                ["RateLimits:ReadsPerMinute"] = "0",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // Both nodes run in this process, so the default name (machine and process id) would be the same for both.
            // A short heartbeat: a cancel reaches a rebuild of a few thousand events (a second on a quiet machine) in time.
            builder.Services.AddSingleton(sp => new ProjectionRebuilds(
                sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<RebuildLog>(), sp.GetRequiredService<ILoggerFactory>())
            {
                Node = node,
                Heartbeat = TimeSpan.FromMilliseconds(50),
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return (app, client);
    }

    public async Task DisposeAsync()
    {
        A?.Dispose();
        B?.Dispose();
        foreach (var app in new[] { _a, _b })
        {
            if (app is null) continue;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
