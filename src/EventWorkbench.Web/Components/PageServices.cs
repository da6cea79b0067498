using EventWorkbench.Web.Components.Layout;
using MudBlazor.Services;

namespace EventWorkbench.Web.Components;

/// <summary>What every page uses: MudBlazor, the prerender hand-over, not-found reasons and the light/dark choice.</summary>
public static class PageServices
{
    public static IServiceCollection AddWorkbenchPages(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddSingleton<HandOffStore>();
        services.AddScoped<PrerenderHandOff>();
        services.AddScoped<NotFoundReasons>();
        services.AddScoped<ThemeChoice>();
        services.AddScoped<ThemeCookie>();
        return services;
    }
}
