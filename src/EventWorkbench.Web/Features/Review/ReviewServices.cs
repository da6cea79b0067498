using EventWorkbench.Review;

namespace EventWorkbench.Web.Features.Review;

/// <summary>Everything the review pages and endpoints use, registered once for the app and for the component tests.</summary>
public static class ReviewServices
{
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddSingleton<ProposalQueries>();
        services.AddSingleton<Curation>();
        services.AddScoped<CurationAction>();
        services.AddScoped<ReviewKeys>();
        services.AddScoped<ReviewQueueTrail>();
        return services;
    }
}
