using EventWorkbench.EmbeddedPostgres;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Where the event store lives: <c>ConnectionStrings:EventStore</c> when set (with an optional
/// <c>ConnectionStrings:EventStoreAdmin</c> that owns the schema), otherwise the embedded private cluster. Its
/// connection strings are known without the server (the port is picked first); <see cref="StartAsync"/> starts the
/// server, before anything touches the store (<see cref="EmbeddedPostgresStart"/>), and a <see cref="ClusterSupervisor"/>
/// starts it again should it die. A configured server is not supervised.
/// </summary>
public sealed class EventStoreConnections : IAsyncDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<EventStoreConnections> _logger;
    private readonly Lazy<(string Admin, string App)> _connections;
    private readonly Lock _starting = new();
    private EmbeddedCluster? _embedded;
    private Task? _start;

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

    /// <summary>Watches the embedded server once it runs; null for a configured server.</summary>
    public ClusterSupervisor? Supervisor { get; private set; }

    /// <summary>Raised when the embedded server died and again once it answers, for pools to drop their dead connections.</summary>
    public event Action? PoolsToClear;

    /// <summary>Starts the embedded server (once; later calls wait for the same start). Does nothing for a configured server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _ = _connections.Value;
        if (_embedded is not { } embedded) return Task.CompletedTask;
        lock (_starting) return _start ??= StartEmbeddedAsync(embedded, cancellationToken);
    }

    private async Task StartEmbeddedAsync(EmbeddedCluster embedded, CancellationToken cancellationToken)
    {
        await embedded.StartAsync(cancellationToken);
        var supervisor = new ClusterSupervisor(embedded, _logger);
        supervisor.PoolsToClear += () => PoolsToClear?.Invoke();
        supervisor.Start();
        Supervisor = supervisor;
    }

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
        var embedded = EmbeddedCluster.Prepare(options, _environment.ContentRootPath, _logger);
        _embedded = embedded;
        return (embedded.AdminConnectionString, embedded.AppConnectionString);
    }

    /// <summary>Stops the supervisor, then the embedded server (unless another app still uses it).</summary>
    public async Task StopAsync()
    {
        if (Supervisor is { } supervisor) await supervisor.DisposeAsync();
        if (_embedded is { } server) await server.StopAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>
/// Starts the embedded server in the host's first start phase (<see cref="IHostedLifecycleService.StartingAsync"/> runs
/// before any hosted service's StartAsync: the migration, the demo seeding, the append listener, Kestrel) and stops it
/// once every hosted service has stopped. Nothing blocks a thread meanwhile: Marten and the data source only hold the
/// connection strings, which are known before the server runs.
/// </summary>
internal sealed class EmbeddedPostgresStart(EventStoreConnections connections) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => connections.StartAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => connections.StopAsync();
}
