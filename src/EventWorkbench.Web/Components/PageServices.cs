using MudBlazor.Services;

namespace EventWorkbench.Web.Components;

/// <summary>What every page uses: MudBlazor, the prerender hand-over and not-found reasons.</summary>
public static class PageServices
{
    public static IServiceCollection AddWorkbenchPages(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddSingleton<HandOffStore>();
        services.AddScoped<PrerenderHandOff>();
        services.AddScoped<NotFoundReasons>();
        return services;
    }
}
