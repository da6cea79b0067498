using EventWorkbench.Search;

namespace EventWorkbench.Web.Features.Search;

/// <summary>Everything event search uses, registered once for the app and for the component tests.</summary>
public static class SearchServices
{
    public static IServiceCollection AddEventSearch(this IServiceCollection services)
    {
        services.AddSingleton<EventSearch>();
        return services;
    }
}
