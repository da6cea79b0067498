using System.ComponentModel;
using System.Reflection;
using JasperFx.Events.Projections;
using Marten;

namespace EventWorkbench.Projections;

/// <summary>The projections registered in the store's options (inline and async alike), found by name.</summary>
public static class RegisteredProjections
{
    public static IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> All(IDocumentStore store) =>
        ((DocumentStore)store).Options.Projections.All;

    public static IProjectionSource<IDocumentOperations, IQuerySession>? Find(IDocumentStore store, string name) =>
        All(store).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    public static IReadOnlyList<string> Names(IDocumentStore store) => All(store).Select(p => p.Name).ToList();

    /// <summary>What the projection holds and what reads it, from its class's <c>[Description]</c>.</summary>
    public static string? DescriptionOf(IProjectionSource<IDocumentOperations, IQuerySession> source) =>
        source.GetType().GetCustomAttribute<DescriptionAttribute>()?.Description;
}
