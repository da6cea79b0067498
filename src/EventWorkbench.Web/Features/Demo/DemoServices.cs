using EventWorkbench.Demo;

namespace EventWorkbench.Web.Features.Demo;

/// <summary>The demo data set, seeded at start-up when the <c>Demo</c> section asks for it.</summary>
public static class DemoServices
{
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton<DemoSeeder>();
        services.AddHostedService<DemoSeeding>();
        return services;
    }
}
