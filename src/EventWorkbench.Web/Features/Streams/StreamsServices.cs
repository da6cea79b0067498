using EventWorkbench.Streams;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>Everything the streams pages and endpoints use, registered once for the app and for the component tests.</summary>
public static class StreamsServices
{
    public static IServiceCollection AddStreams(this IServiceCollection services)
    {
        services.AddSingleton<StreamQueries>();
        services.AddSingleton<EventWorkbench.History.StreamHistory>();
        services.AddSingleton<AppendNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<AppendNotifications>());
        services.AddScoped<StreamsTrail>();
        services.AddScoped<HistoryKeys>();
        return services;
    }
}
