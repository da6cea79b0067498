using System.Text.Json;

namespace EventWorkbench.Projections;

/// <summary>
/// The fields two JSON documents differ in, by path: objects key by key, arrays item by item. A value shown is its JSON,
/// cut at <see cref="MaxValueLength"/> characters; at most <see cref="MaxFields"/> paths are listed per document.
/// </summary>
public static class JsonFieldDiff
{
    public const int MaxValueLength = 400;
    public const int MaxFields = 100;

    public static IReadOnlyList<FieldChange> Between(string liveJson, string shadowJson)
    {
        using var live = JsonDocument.Parse(liveJson);
        using var shadow = JsonDocument.Parse(shadowJson);
        var changes = new List<FieldChange>();
        Compare("$", live.RootElement, shadow.RootElement, changes);
        return changes;
    }

    private static void Compare(string path, JsonElement live, JsonElement shadow, List<FieldChange> changes)
    {
        if (changes.Count >= MaxFields) return;
        if (live.ValueKind == JsonValueKind.Object && shadow.ValueKind == JsonValueKind.Object)
        {
            var shadowFields = shadow.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            foreach (var field in live.EnumerateObject())
            {
                var child = $"{path}.{field.Name}";
                if (shadowFields.Remove(field.Name, out var other)) Compare(child, field.Value, other, changes);
                else Add(changes, child, field.Value, null);
            }
            foreach (var (name, value) in shadowFields) Add(changes, $"{path}.{name}", null, value);
            return;
        }
        if (live.ValueKind == JsonValueKind.Array && shadow.ValueKind == JsonValueKind.Array)
        {
            var liveItems = live.EnumerateArray().ToList();
            var shadowItems = shadow.EnumerateArray().ToList();
            for (var i = 0; i < Math.Max(liveItems.Count, shadowItems.Count); i++)
            {
                var child = $"{path}[{i}]";
                if (i >= liveItems.Count) Add(changes, child, null, shadowItems[i]);
                else if (i >= shadowItems.Count) Add(changes, child, liveItems[i], null);
                else Compare(child, liveItems[i], shadowItems[i], changes);
            }
            return;
        }
        if (!JsonElement.DeepEquals(live, shadow)) Add(changes, path, live, shadow);
    }

    private static void Add(List<FieldChange> changes, string path, JsonElement? live, JsonElement? shadow)
    {
        if (changes.Count < MaxFields) changes.Add(new FieldChange(path, Text(live), Text(shadow)));
    }

    private static string? Text(JsonElement? value)
    {
        if (value is not { } element) return null;
        var text = element.GetRawText();
        return text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength), "…");
    }
}
