using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventWorkbench.Tests.Analytics;

internal static class Json
{
    /// <summary>
    /// The documents as JSON with every object's keys sorted (as jsonb keeps them: dictionary order is no difference),
    /// ordered by id, to compare field for field.
    /// </summary>
    public static string Of<T>(Dictionary<string, T> documents) =>
        Sorted(JsonSerializer.SerializeToNode(documents))!.ToJsonString();

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
