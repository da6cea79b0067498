using Marten;

namespace EventWorkbench.Projections;

public static class ProjectionsFeature
{
    /// <summary>The rebuild jobs and their cancel requests are small documents, so every app node sees them.</summary>
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<RebuildJob>();
        options.Schema.For<RebuildCancelRequest>();
    }
}
