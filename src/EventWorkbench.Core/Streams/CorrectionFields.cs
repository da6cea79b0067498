using System.Collections.Frozen;
using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Streams;

/// <summary>
/// What a value in an <see cref="EventCorrected.Correction"/> may be, for the field names that mean the same in every
/// event of the catalogue that has them. An append does not read the stream, so it cannot know which event a
/// correction targets, but it can refuse a value that no event takes under that name. Projections read corrected
/// values through the same rules, so a value refused here (or stored before these rules existed) is never applied.
/// Other names are not checked: <c>input</c>, say, is a string in one event and an object in another.
/// </summary>
public static class CorrectionFields
{
    private const string AString = "must be a string";
    private const string AStringOrNull = "must be a string or null";

    private static readonly FrozenDictionary<string, (Func<JsonElement, bool> IsValid, string Rule)> Rules =
        new Dictionary<string, (Func<JsonElement, bool>, string)>
        {
            ["verdict"] = (value => TryVerdict(value, out _), "must be one of include, exclude"),
            ["quality"] = (value => TryQuality(value, out _), "must be null or a whole number from 1 to 5"),
            ["rating"] = (value => TryRating(value, out _), "must be -1, 0 or 1"),
            ["tags"] = (value => TryTags(value, out _), "must be null or an array of at most 50 tags of 1 to 100 characters"),
            ["channel"] = (IsString, AString),
            ["model"] = (IsString, AString),
            ["content"] = (IsString, AString),
            ["product"] = (IsStringOrNull, AStringOrNull),
            ["modelVersion"] = (IsStringOrNull, AStringOrNull),
            ["promptVersion"] = (IsStringOrNull, AStringOrNull),
            ["reasoning"] = (IsStringOrNull, AStringOrNull),
            ["comment"] = (IsStringOrNull, AStringOrNull),
            ["reason"] = (IsStringOrNull, AStringOrNull),
            ["note"] = (IsStringOrNull, AStringOrNull),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Validate(JsonElement correction, ValidationScope check)
    {
        foreach (var field in correction.EnumerateObject())
        {
            if (Rules.TryGetValue(field.Name, out var rule) && !rule.IsValid(field.Value)) check.Fail(field.Name, rule.Rule);
        }
    }

    /// <summary>A verdict by its name, in any case; never a number ("2") or a list ("include, exclude").</summary>
    public static bool TryVerdict(JsonElement value, out CurationVerdict verdict)
    {
        var name = value.ValueKind == JsonValueKind.String
            ? Enum.GetNames<CurationVerdict>().FirstOrDefault(n => n.Equals(value.GetString(), StringComparison.OrdinalIgnoreCase))
            : null;
        verdict = name is null ? default : Enum.Parse<CurationVerdict>(name);
        return name is not null;
    }

    /// <summary>Null (no quality) or a whole number from 1 to 5, as <c>example_curated</c> takes it.</summary>
    public static bool TryQuality(JsonElement value, out int? quality)
    {
        quality = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 1 and <= 5 ? number : null;
        return quality is not null || value.ValueKind == JsonValueKind.Null;
    }

    /// <summary>-1, 0 or 1, as <c>feedback_given</c> takes it.</summary>
    public static bool TryRating(JsonElement value, out int rating)
    {
        rating = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out rating) && rating is >= -1 and <= 1;
    }

    /// <summary>Null (no tags) or an array of strings that the events' own tag rule accepts.</summary>
    public static bool TryTags(JsonElement value, out List<string> tags)
    {
        tags = [];
        if (value.ValueKind == JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String)) return false;
        List<string> candidate = [.. value.EnumerateArray().Select(t => t.GetString()!)];
        var errors = new ValidationErrors();
        new ValidationScope(errors, "").Tags("tags", candidate);
        if (errors.IsEmpty) tags = candidate;
        return errors.IsEmpty;
    }

    /// <summary>True when the correction names the field as a string or null (an object is no correction: false).</summary>
    public static bool TryString(JsonElement correction, string name, out string? value)
    {
        value = null;
        if (correction.ValueKind != JsonValueKind.Object || !correction.TryGetProperty(name, out var element)) return false;
        if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) return false;
        value = element.GetString();
        return true;
    }

    private static bool IsString(JsonElement value) => value.ValueKind == JsonValueKind.String;

    private static bool IsStringOrNull(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Null;
}
