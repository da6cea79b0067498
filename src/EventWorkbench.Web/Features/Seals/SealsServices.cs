using EventWorkbench.Audit;
using Marten;
using Npgsql;

namespace EventWorkbench.Web.Features.Seals;

/// <summary>The <c>Seals</c> configuration section: when the background sealer seals on its own.</summary>
public sealed class SealsOptions
{
    /// <summary>Whether the app seals on its own at all.</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>Seal at this interval (when anything new was appended).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Also seal as soon as this many events are unsealed (0: only on the interval).</summary>
    public long EveryEvents { get; set; }

    /// <summary>How often the count of unsealed events is looked at when <see cref="EveryEvents"/> is set.</summary>
    public TimeSpan CountCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public static class SealsServices
{
    public static IServiceCollection AddSeals(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Seals").Get<SealsOptions>() ?? new SealsOptions();
        services.AddSingleton(options);
        services.AddSingleton(sp => new SealLog(sp.GetRequiredService<IDocumentStore>()));
        services.AddSingleton(sp => new LogSealer(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => new LogVerifier(sp.GetRequiredService<SealLog>(), sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddHostedService<AutomaticSealer>();
        return services;
    }
}
