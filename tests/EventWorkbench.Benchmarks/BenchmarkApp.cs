using EventWorkbench.Testing;
using EventWorkbench.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Benchmarks;

/// <summary>The real app on Kestrel (loopback, a free port) over a benchmark database, quiet, without demo data.</summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchmarkApp(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    /// <summary>The app's services, e.g. its document store to wait for the async daemon.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<BenchmarkApp> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = WorkbenchHost.Create(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration["ConnectionStrings:EventStore"] = database.AppConnectionString;
            builder.Configuration["ConnectionStrings:EventStoreAdmin"] = database.AdminConnectionString;
            builder.Configuration["Demo:Seed"] = "false";
            // The harness measures throughput: the per-key limits of a deployment would cap it.
            builder.Configuration["RateLimits:AppendsPerMinute"] = "0";
            builder.Configuration["RateLimits:ReadsPerMinute"] = "0";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
