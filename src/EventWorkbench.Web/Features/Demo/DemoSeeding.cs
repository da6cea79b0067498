using EventWorkbench.Demo;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary><c>Demo:Seed</c>: seed the demo data set into an empty store at start-up.</summary>
    public bool Seed { get; set; } = true;
}

/// <summary>Seeds the deterministic demo data set into an empty store, through the validated append path.</summary>
internal sealed class DemoSeeding(DemoSeeder seeder, IOptions<DemoOptions> options, ILogger<DemoSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Seed || cancellationToken.IsCancellationRequested) return;
        var streams = 0;
        var progress = new Progress<DemoSeedProgress>(p =>
        {
            streams = p.Streams;
            if (p.Streams % 25 == 0 || p.Streams == p.TotalStreams)
                logger.LogInformation("Seeding demo data: {Streams}/{Total} streams, {Events} events", p.Streams, p.TotalStreams, p.Events);
        });
        try
        {
            var seeded = await seeder.SeedIfEmptyAsync(progress, cancellationToken);
            if (seeded == 0) logger.LogInformation("The store already holds events; demo data not seeded");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped (Ctrl+C) while seeding: an ordinary stop, not a failure with a stack trace.
            if (streams > 0)
                logger.LogWarning("Demo seeding stopped after {Streams} streams: the store keeps this part of the demo data, and later starts seed an empty store only", streams);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
