using System.Text.Json;

namespace EventWorkbench.Export;

/// <summary>A field whose value differs between two versions of a row; null where the field is missing on that side.</summary>
public sealed record FieldDelta(string Field, string? Before, string? After);

/// <summary>
/// A row's fields by name: a JSON row's scalars by path (<c>messages[2].content</c>, <c>label</c>), a CSV row's by column,
/// so two versions of a row can say which fields changed. Values longer than <see cref="MaxValueLength"/> are cut (marked
/// with an ellipsis) to keep a comparison small.
/// </summary>
public static class RowFields
{
    public const int MaxValueLength = 2000;

    /// <summary>The fields that differ; a missing row (null) has no fields, so every field of the other is listed.</summary>
    public static IReadOnlyList<FieldDelta> Deltas(ExportFormat format, string? before, string? after)
    {
        var old = before is null ? [] : Of(format, before);
        var now = after is null ? [] : Of(format, after);
        var deltas = new List<FieldDelta>();
        foreach (var (field, value) in old)
        {
            now.TryGetValue(field, out var newValue);
            if (!string.Equals(value, newValue, StringComparison.Ordinal)) deltas.Add(new FieldDelta(field, Cut(value), Cut(newValue)));
        }
        foreach (var (field, value) in now)
            if (!old.ContainsKey(field)) deltas.Add(new FieldDelta(field, null, Cut(value)));
        return deltas;
    }

    public static Dictionary<string, string> Of(ExportFormat format, string row)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (format == ExportFormat.ReviewCsv)
        {
            var values = CsvRecords.Fields(row);
            for (var i = 0; i < values.Count; i++) fields[i < ReviewCsv.Columns.Length ? ReviewCsv.Columns[i] : $"column {i + 1}"] = values[i];
            return fields;
        }
        using var document = JsonDocument.Parse(row);
        Flatten(document.RootElement, "", fields);
        return fields;
    }

    private static void Flatten(JsonElement value, string path, Dictionary<string, string> fields)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                    Flatten(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", fields);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray()) Flatten(item, $"{path}[{index++}]", fields);
                break;
            case JsonValueKind.String:
                fields[path] = value.GetString()!;
                break;
            default:
                fields[path] = value.GetRawText();
                break;
        }
    }

    private static string? Cut(string? value) => value is { Length: > MaxValueLength } ? value[..MaxValueLength] + "…" : value;
}
