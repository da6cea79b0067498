using EventWorkbench.Streams;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>Everything the streams pages and endpoints use, registered once for the app and for the component tests.</summary>
public static class StreamsServices
{
    /// <param name="configuration">Read for <c>History:KeptMegabytes</c> now, so a wrong value stops the start.</param>
    public static IServiceCollection AddStreams(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var keptBytes = KeptHistoryBytes(configuration);
        services.AddSingleton<StreamQueries>();
        services.AddSingleton(sp => new EventWorkbench.History.StreamHistory(sp.GetRequiredService<Marten.IDocumentStore>(), keptBytes));
        services.AddSingleton<AppendNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<AppendNotifications>());
        services.AddScoped<StreamsTrail>();
        services.AddScoped<HistoryKeys>();
        return services;
    }

    /// <summary><c>History:KeptMegabytes</c>: how much of the streams read last the history keeps in memory (0: none).</summary>
    public static long KeptHistoryBytes(IConfiguration? configuration)
    {
        const string Setting = "History:KeptMegabytes";
        var text = configuration?[Setting];
        if (string.IsNullOrWhiteSpace(text)) return EventWorkbench.History.StreamHistory.DefaultKeptJsonBytes;
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var megabytes) && megabytes <= 64 * 1024
            ? megabytes * 1024 * 1024
            : throw new InvalidOperationException($"{Setting} is '{text}': it takes a whole number of megabytes from 0 to 65536.");
    }
}
