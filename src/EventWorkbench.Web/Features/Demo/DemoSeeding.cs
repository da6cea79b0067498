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
        if (!options.Value.Seed) return;
        var progress = new Progress<DemoSeedProgress>(p =>
        {
            if (p.Streams % 25 == 0 || p.Streams == p.TotalStreams)
                logger.LogInformation("Seeding demo data: {Streams}/{Total} streams, {Events} events", p.Streams, p.TotalStreams, p.Events);
        });
        var seeded = await seeder.SeedIfEmptyAsync(progress, cancellationToken);
        if (seeded == 0) logger.LogInformation("The store already holds events; demo data not seeded");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
