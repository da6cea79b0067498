using JasperFx.Events.Projections;
using Marten;

namespace EventWorkbench.Access;

public static class AccessFeature
{
    public static void Configure(StoreOptions options)
    {
        options.Projections.Add<AccountProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<AccountSecret>();
        options.Schema.For<StoredApiKey>()
            .Duplicate(x => x.SecretHash)
            .UniqueIndex(x => x.Name);
        options.Schema.For<ApiKeyUsage>();
        options.Schema.For<ProtectionKey>();
    }
}
