using EventWorkbench.EmbeddedPostgres;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Where the event store lives: <c>ConnectionStrings:EventStore</c> when set (with an optional
/// <c>ConnectionStrings:EventStoreAdmin</c> that owns the schema), otherwise the embedded private cluster,
/// started on first use and stopped when the app stops.
/// </summary>
public sealed class EventStoreConnections : IAsyncDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<EventStoreConnections> _logger;
    private readonly Lazy<(string Admin, string App)> _connections;
    private EmbeddedCluster? _embedded;

    public EventStoreConnections(IConfiguration configuration, IHostEnvironment environment, ILogger<EventStoreConnections> logger)
    {
        _configuration = configuration;
        _environment = environment;
        _logger = logger;
        _connections = new Lazy<(string, string)>(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The role that owns the schema and runs migrations.</summary>
    public string Admin => _connections.Value.Admin;

    /// <summary>The role the running app reads and appends with.</summary>
    public string App => _connections.Value.App;

    private (string Admin, string App) Resolve()
    {
        var configured = _configuration.GetConnectionString("EventStore");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var admin = _configuration.GetConnectionString("EventStoreAdmin");
            admin = string.IsNullOrWhiteSpace(admin) ? configured : admin;
            var app = ServerDescription.Of(configured, "ConnectionStrings:EventStore");
            var owner = ServerDescription.Of(admin, "ConnectionStrings:EventStoreAdmin");
            _logger.LogInformation("Event store on the configured PostgreSQL server {Server}, database {Database}, as {User}{Owner}",
                app.Server, app.Database, app.User, owner.User == app.User ? "" : $" (schema changes as {owner.User})");
            return (admin, configured);
        }

        var options = _configuration.GetSection(EmbeddedPostgresOptions.Section).Get<EmbeddedPostgresOptions>() ?? new();
        var embedded = EmbeddedCluster.StartAsync(options, _environment.ContentRootPath, _logger).GetAwaiter().GetResult();
        _embedded = embedded;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => embedded.StopAsync().GetAwaiter().GetResult();
        return (embedded.AdminConnectionString, embedded.AppConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is { } server) await server.StopAsync();
    }
}
