using EventWorkbench.Analytics;
using EventWorkbench.EmbeddedPostgres;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Projections;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EventWorkbench.Web.Hosting;

public static class EventStoreHosting
{
    /// <summary>
    /// Registers Marten on the resolved connection. The running app connects as the append-only role;
    /// Marten's command line (db-apply, db-patch, projections) is the administrator's tool and connects as the schema owner.
    /// </summary>
    public static void AddEventStore(this WebApplicationBuilder builder, bool asAdministrator)
    {
        var services = builder.Services;
        services.AddSingleton<EventStoreConnections>();
        // First of all hosted services: starts the embedded server (when there is one) before anything touches the store.
        services.AddHostedService<EmbeddedPostgresStart>();
        services.AddSingleton(sp =>
        {
            var connections = sp.GetRequiredService<EventStoreConnections>();
            var dataSource = NpgsqlDataSource.Create(asAdministrator ? connections.Admin : connections.App);
            connections.PoolsToClear += dataSource.Clear; // the embedded server died or came back: its old connections are dead
            return dataSource;
        });

        // Runs before anything touches the store: migrate as the owner, then grant the app role what it may do.
        services.AddHostedService<EventStoreMigration>();

        var daemonMode = ProjectionDaemonSettings.ModeFrom(builder.Configuration);
        var marten = services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
                EventStoreConfiguration.Configure(options);
                ProjectionDaemonSettings.Tune(options);
                options.AutoCreateSchemaObjects = asAdministrator ? AutoCreate.CreateOrUpdate : AutoCreate.None;
                return options;
            })
            .UseLightweightSessions();
        // The async projections (Analytics) run in the app; Marten's command line rebuilds them by itself.
        if (!asAdministrator && daemonMode != DaemonMode.Disabled)
        {
            marten.AddAsyncDaemon(daemonMode);
            services.AddHostedService<RebuildShardKeeping>();
        }

        services.AddHealthChecks()
            .AddCheck<EventStoreHealthCheck>("event-store", tags: ["database"], timeout: TimeSpan.FromSeconds(10))
            .AddCheck<AppendNotificationsHealthCheck>("append-notifications", tags: ["database"]);
    }
}

internal sealed class EventStoreMigration(EventStoreConnections connections, ILogger<EventStoreMigration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Applying the event store schema (Marten migrations and append-only guards)");
        try
        {
            await EventStoreConfiguration.MigrateAsync(connections.Admin, connections.App, cancellationToken);
            await using var admin = NpgsqlDataSource.Create(connections.Admin);
            if (await ReviewerActivityUpgrade.ApplyAsync(admin, cancellationToken))
                logger.LogWarning("The reviewer activity is kept per person and day now: dropped the per-person documents; the projection daemon folds them again from the first event");
            if (await ActivityByDayUpgrade.ApplyAsync(admin, cancellationToken))
                logger.LogWarning("Events per day count every event of a stream under its product as corrected now: dropped the documents counted the old way; the projection daemon folds them again from the first event");
            if (await ModelScorecardUpgrade.ApplyAsync(admin, cancellationToken))
                logger.LogWarning("The model scorecards keep their decisions' seconds to decide now: filled them in from each scorecard's entries");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped (Ctrl+C) while starting: the next start applies the schema again; nothing failed.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class EventStoreHealthCheck(NpgsqlDataSource dataSource, EventStoreConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        switch (connections.Supervisor)
        {
            case { State: SupervisedState.Restarting } restarting:
                return HealthCheckResult.Unhealthy("The embedded PostgreSQL server stopped unexpectedly; the app is starting it again" +
                    (restarting.LastError is { } error ? $" (last attempt: {error})" : ""));
            case { State: SupervisedState.GaveUp } gaveUp:
                return HealthCheckResult.Unhealthy($"The embedded PostgreSQL server stopped and could not be started again: {gaveUp.LastError}; restart the app");
        }
        try
        {
            await using var command = dataSource.CreateCommand(
                $"select to_regclass('{EventStoreConfiguration.Schema}.mt_events') is not null");
            var ready = await command.ExecuteScalarAsync(cancellationToken) is true;
            return ready
                ? HealthCheckResult.Healthy("PostgreSQL answers and the events table exists")
                : HealthCheckResult.Unhealthy("PostgreSQL answers but the event store schema is missing");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            var host = dataSource.ConnectionString is { } text ? new NpgsqlConnectionStringBuilder(text) : null;
            return HealthCheckResult.Unhealthy($"PostgreSQL at {host?.Host}:{host?.Port} does not answer: {ex.GetBaseException().Message}");
        }
    }
}

/// <summary>Whether open pages hear about appends: degraded (pages still work, without live refresh) while the listener is down.</summary>
internal sealed class AppendNotificationsHealthCheck(AppendNotifications notifications) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(notifications.IsListening
            ? HealthCheckResult.Healthy("Listening for appends; open pages refresh live")
            : HealthCheckResult.Degraded($"Not listening for appends, so open pages do not refresh live: {notifications.LastError ?? "not connected yet"}"));
}
