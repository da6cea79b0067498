using EventWorkbench.Analytics;

namespace EventWorkbench.Web.Features.Dashboards;

public static class DashboardServices
{
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        services.AddSingleton<DashboardQueries>();
        services.AddSingleton<ExploreQueries>();
        return services;
    }
}
