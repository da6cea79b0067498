using EventWorkbench.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventWorkbench.Web.Features.Projections;

public static class ProjectionsServices
{
    public static IServiceCollection AddProjections(this IServiceCollection services)
    {
        services.AddSingleton<LagTrends>();
        services.AddSingleton(sp => new RebuildLog(sp.GetRequiredService<IDocumentStore>()));
        // Disposed when the app stops: rebuilds running here are cancelled (and can be resumed from where they stopped).
        // A host registered first keeps its own (the tests run two nodes in one process and name each).
        services.TryAddSingleton(sp => new ProjectionRebuilds(
            sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<RebuildLog>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new ProjectionCatalogue(
            sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<ProjectionRebuilds>(), sp.GetRequiredService<LagTrends>()));
        return services;
    }
}
