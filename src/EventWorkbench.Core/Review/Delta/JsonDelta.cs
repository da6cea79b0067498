using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventWorkbench.Review.Delta;

/// <summary>
/// The structural diff of two JSON documents by path: object keys compared regardless of order (a repeated key:
/// the last one wins), arrays by index, numbers by value. Also the value text the JSON metrics are computed on.
/// </summary>
internal static class JsonDelta
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Parses <paramref name="text"/>; null when it is not valid JSON.</summary>
    public static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><paramref name="text"/> indented, one value per line (keys in their order, numbers as written); null when it is not valid JSON.</summary>
    public static string? TryIndent(string text)
    {
        using var document = TryParse(text);
        return document is null ? null : Write(document.RootElement, Indented);
    }

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, in path order.</summary>
    public static List<JsonChange> Diff(JsonElement before, JsonElement after, out bool structural)
    {
        var changes = new List<JsonChange>();
        structural = false;
        Walk("$", before, after, changes, ref structural);
        return changes;
    }

    /// <summary>Every scalar in path order (keys sorted ordinally), strings unescaped, one per line.</summary>
    public static string ValueText(JsonElement root)
    {
        var text = new StringBuilder();
        AppendValues(root, text);
        return text.ToString();
    }

    private static void Walk(string path, JsonElement before, JsonElement after, List<JsonChange> changes, ref bool structural)
    {
        if (before.ValueKind == JsonValueKind.Object && after.ValueKind == JsonValueKind.Object)
        {
            var beforeProperties = Properties(before);
            var afterProperties = Properties(after);
            foreach (var key in beforeProperties.Keys.Union(afterProperties.Keys).Order(StringComparer.Ordinal))
            {
                var keyPath = path + PathSegment(key);
                var inBefore = beforeProperties.TryGetValue(key, out var beforeValue);
                var inAfter = afterProperties.TryGetValue(key, out var afterValue);
                if (inBefore && inAfter)
                {
                    Walk(keyPath, beforeValue, afterValue, changes, ref structural);
                }
                else
                {
                    structural = true;
                    changes.Add(inBefore
                        ? new JsonChange(keyPath, JsonChangeKind.Removed, ToCompact(beforeValue), null)
                        : new JsonChange(keyPath, JsonChangeKind.Added, null, ToCompact(afterValue)));
                }
            }
        }
        else if (before.ValueKind == JsonValueKind.Array && after.ValueKind == JsonValueKind.Array)
        {
            var beforeItems = before.EnumerateArray().ToList();
            var afterItems = after.EnumerateArray().ToList();
            for (var i = 0; i < Math.Max(beforeItems.Count, afterItems.Count); i++)
            {
                var itemPath = $"{path}[{i}]";
                if (i < beforeItems.Count && i < afterItems.Count)
                {
                    Walk(itemPath, beforeItems[i], afterItems[i], changes, ref structural);
                }
                else
                {
                    structural = true;
                    changes.Add(i < beforeItems.Count
                        ? new JsonChange(itemPath, JsonChangeKind.Removed, ToCompact(beforeItems[i]), null)
                        : new JsonChange(itemPath, JsonChangeKind.Added, null, ToCompact(afterItems[i])));
                }
            }
        }
        else if (!ScalarsEqual(before, after))
        {
            structural |= IsContainer(before) || IsContainer(after);
            changes.Add(new JsonChange(path, JsonChangeKind.Changed, ToCompact(before), ToCompact(after)));
        }
    }

    private static bool IsContainer(JsonElement element) => element.ValueKind is JsonValueKind.Object or JsonValueKind.Array;

    private static bool ScalarsEqual(JsonElement before, JsonElement after)
    {
        if (before.ValueKind != after.ValueKind || IsContainer(before))
        {
            return false;
        }
        return before.ValueKind switch
        {
            JsonValueKind.String => before.ValueEquals(after.GetString()),
            JsonValueKind.Number => before.GetRawText() == after.GetRawText()
                || (before.TryGetDecimal(out var x) && after.TryGetDecimal(out var y) && x == y)
                || (before.TryGetDouble(out var p) && after.TryGetDouble(out var q) && p.Equals(q)),
            _ => true, // true, false, null: the kind is the value
        };
    }

    private static Dictionary<string, JsonElement> Properties(JsonElement element)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            properties[property.Name] = property.Value;
        }
        return properties;
    }

    /// <summary><c>.name</c> for identifier-like keys, else <c>['the key']</c> with quotes and backslashes escaped.</summary>
    private static string PathSegment(string key)
    {
        var identifier = key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        return identifier ? "." + key : "['" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    private static string ToCompact(JsonElement element) => Write(element, Compact);

    private static string Write(JsonElement element, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            element.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void AppendValues(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var (_, value) in Properties(element).OrderBy(property => property.Key, StringComparer.Ordinal))
                {
                    AppendValues(value, text);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AppendValues(item, text);
                }
                break;
            case JsonValueKind.String:
                text.Append(element.GetString()).Append('\n');
                break;
            case JsonValueKind.Number:
                text.Append(CanonicalNumber(element)).Append('\n');
                break;
            default:
                text.Append(element.GetRawText()).Append('\n');
                break;
        }
    }

    /// <summary>
    /// One spelling per value, as <see cref="ScalarsEqual"/> compares them: by decimal (no exponent, no trailing
    /// zeros: <c>1.0</c>, <c>1e0</c> and <c>1</c> are <c>1</c>), else by double; the raw text beyond double's range.
    /// </summary>
    private static string CanonicalNumber(JsonElement number) =>
        number.TryGetDecimal(out var exact) ? exact.ToString("0.############################", CultureInfo.InvariantCulture)
        : number.TryGetDouble(out var approximate) && double.IsFinite(approximate) ? approximate.ToString("R", CultureInfo.InvariantCulture)
        : number.GetRawText();
}
