using EventWorkbench.Storage;
using JasperFx.Events.Projections;
using Marten;

namespace EventWorkbench.Projections;

/// <summary>A projection of the store that can be rebuilt into a shadow: its document type and the two tables it lives in.</summary>
public sealed record ShadowedProjection(string Name, Type DocumentType, ProjectionLifecycle Lifecycle, string TableName)
{
    public string LiveTable => $"{EventStoreConfiguration.Schema}.{TableName}";
    public string ShadowTable => $"{ShadowSchema.Name}.{TableName}";

    /// <summary>Every aggregation projection the store has, by its Marten name (<c>ProposalReview</c>).</summary>
    public static IReadOnlyList<ShadowedProjection> AllOf(IDocumentStore store)
    {
        var options = (StoreOptions)store.Options;
        var found = new List<ShadowedProjection>();
        foreach (var projection in options.Projections.All.OfType<ProjectionBase>())
        {
            if (DocumentTypeOf(projection.GetType()) is not { } documentType) continue;
            var table = store.Options.FindOrResolveDocumentType(documentType).TableName.Name;
            found.Add(new ShadowedProjection(projection.Name, documentType, projection.Lifecycle, table));
        }
        return found.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    public static ShadowedProjection? Find(IDocumentStore store, string name) =>
        AllOf(store).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    private static Type? DocumentTypeOf(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType) continue;
            var definition = type.GetGenericTypeDefinition().Name;
            if (definition.StartsWith("SingleStreamProjection", StringComparison.Ordinal)
                || definition.StartsWith("MultiStreamProjection", StringComparison.Ordinal))
            {
                return type.GetGenericArguments()[0];
            }
        }
        return null;
    }
}
