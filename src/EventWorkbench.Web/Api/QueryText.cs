using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Api;

/// <summary>Query-string values read and written one way, by the API and by the pages' addresses alike.</summary>
public static class QueryText
{
    /// <summary>An enum value as the query strings spell it: <c>accepted_unchanged</c>.</summary>
    public static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <summary>
    /// Reads an enum leniently (<c>accepted_unchanged</c>, <c>AcceptedUnchanged</c>, any case); null when absent, and an
    /// error naming the accepted values when unreadable.
    /// </summary>
    public static T? Enum<T>(string name, string? value, List<string> errors) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var compact = value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (compact.All(char.IsAsciiLetter) && System.Enum.TryParse<T>(compact, ignoreCase: true, out var parsed)) return parsed;
        errors.Add($"{name} must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(Snake))}");
        return null;
    }

    /// <summary>The parameters of an address's query: the last value of each, trimmed, or null when absent or blank.</summary>
    public static Func<string, string?> Of(string uri)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? [] : QueryHelpers.ParseQuery(uri[queryStart..]);
        return name => query.TryGetValue(name, out var values) && values.LastOrDefault() is { } last && !string.IsNullOrWhiteSpace(last)
            ? last.Trim()
            : null;
    }

    /// <summary>A number; null when absent, and an error naming the parameter when unreadable.</summary>
    public static T? Number<T>(string name, string? value, List<string> errors) where T : struct, INumber<T>
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (T.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        errors.Add($"{name} must be a number");
        return null;
    }

    /// <summary>true or false; null when absent, and an error naming the parameter when unreadable.</summary>
    public static bool? Flag(string name, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (bool.TryParse(value, out var flag)) return flag;
        errors.Add($"{name} must be true or false");
        return null;
    }
}
