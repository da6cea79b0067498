using EventWorkbench.Ingest;
using EventWorkbench.Web.Api;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Ingest;

/// <summary>The append path and the <c>Api</c> section it reads (bound once, as <see cref="ApiOptions"/>).</summary>
public static class IngestServices
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ApiOptions>>().Value.Append);
        services.AddSingleton<EventAppender>();
        return services;
    }
}
