using System.Collections.Concurrent;
using EventWorkbench.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>The real app outside Development with no account and no configured admin: it prints a set-up link.</summary>
public sealed class SetupHost : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every line the app logged.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(SetupHost));
        _app = WorkbenchHost.Create(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:EventStore"] = database.AppConnectionString,
                ["ConnectionStrings:EventStoreAdmin"] = database.AdminConnectionString,
                ["Demo:Seed"] = "false",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(new QueueLoggerProvider(Log));
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines);

        public void Dispose() { }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
