using System.Net.Http.Headers;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using EventWorkbench.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>The real app on Kestrel on a loopback port, over a fresh database: tests talk real HTTP to it.</summary>
public class ApiHost : IAsyncLifetime
{
    public const string AppendKey = "append-secret";
    public const string ReadKey = "read-secret";
    public const string AdminKey = "admin-secret";
    public const string ExportKey = "export-secret";
    public const long MaxBodyBytes = 64 * 1024;
    public static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(3);
    public const string AdminUser = "root-admin";
    public const string AdminPassword = "root admin password";

    private WebApplication? _app;

    /// <summary>The host's environment: Production, as deployed; Development where the developer-only behaviour matters.</summary>
    protected virtual string Environment => "Production";

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>What the app logged, warnings and above.</summary>
    public CapturedLogs Logs { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Settings a subclass adds or changes (they win over the defaults above them).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The address Kestrel listens on.</summary>
    protected virtual string Urls => "http://127.0.0.1:0";

    /// <summary>Endpoints a subclass adds to the app before it starts (inside its whole middleware pipeline).</summary>
    protected virtual void MapTestEndpoints(WebApplication app)
    {
    }

    /// <summary>The connection string the app appends and reads with (a subclass may route it through a proxy).</summary>
    protected virtual Task<string> AppConnectionStringAsync(TestDatabase database) => Task.FromResult(database.AppConnectionString);

    public virtual async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync(nameof(ApiHost));
        var appConnectionString = await AppConnectionStringAsync(Database);
        _app = WorkbenchHost.Create(["--urls", Urls, "--environment", Environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:EventStore"] = appConnectionString,
                ["ConnectionStrings:EventStoreAdmin"] = Database.AdminConnectionString,
                ["Demo:Seed"] = "false",
                ["Api:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Api:MaxEventsPerBatch"] = "100",
                ["Api:BodyReadTimeout"] = BodyReadTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["Api:Keys:writer:Secret"] = AppendKey,
                ["Api:Keys:writer:Scopes:0"] = "append",
                ["Api:Keys:reader:Secret"] = ReadKey,
                ["Api:Keys:reader:Scopes:0"] = "read",
                ["Api:Keys:exporter:Secret"] = ExportKey,
                ["Api:Keys:exporter:Scopes:0"] = "export",
                ["Api:Keys:operator:Secret"] = AdminKey,
                ["Api:Keys:operator:Scopes:0"] = "admin",
                ["Accounts:Admin:UserName"] = AdminUser,
                ["Accounts:Admin:Password"] = AdminPassword,
                // Tests send many requests from one address in a minute; the rate limit tests set their own limits.
                ["RateLimits:AppendsPerMinute"] = "0",
                ["RateLimits:ReadsPerMinute"] = "0",
                ["RateLimits:AnonymousApiPerMinute"] = "0",
                ["RateLimits:SignInsPerUserPerMinute"] = "0",
                ["RateLimits:SignInsPerAddressPerMinute"] = "0",
            });
            builder.Configuration.AddInMemoryCollection(Settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(Logs);
        });
        MapTestEndpoints(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>The app's services, for tests that arrange accounts and keys the way the admin pages do.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>A client signed in through the sign-in form (the configured admin unless told otherwise).</summary>
    public Task<HttpClient> SignedInClientAsync(string userName = AdminUser, string password = AdminPassword) =>
        FormSignIn.SignedInClientAsync(BaseAddress, userName, password);

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Rows in Marten's events table, tombstones of failed appends included, read straight from PostgreSQL.</summary>
    public async Task<long> EventRowCountAsync()
    {
        await using var connection = new NpgsqlConnection(Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {EventStoreConfiguration.Schema}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
