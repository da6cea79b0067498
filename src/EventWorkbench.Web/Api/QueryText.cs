using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Api;

/// <summary>
/// Query-string values read and written one way, by the API and by the pages' addresses alike. A value that cannot be
/// read is an error that names the parameter, quotes the value and says what it takes.
/// </summary>
public static class QueryText
{
    private const int MaxQuotedLength = 60;

    /// <summary>An enum value as the query strings spell it: <c>accepted_unchanged</c>.</summary>
    public static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <summary>The values an enum takes, as the query strings spell them.</summary>
    public static IReadOnlyList<string> Names<T>() where T : struct, System.Enum => System.Enum.GetNames<T>().Select(Snake).ToList();

    /// <summary>
    /// Reads an enum leniently (<c>accepted_unchanged</c>, <c>AcceptedUnchanged</c>, any case); null when absent, and an
    /// error listing the accepted values when unreadable.
    /// </summary>
    public static T? Enum<T>(string name, string? value, QueryErrors errors) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var compact = value.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (compact.All(char.IsAsciiLetter) && System.Enum.TryParse<T>(compact, ignoreCase: true, out var parsed)) return parsed;
        errors.Add(name, $"{name} {Quoted(value)} is not one of {string.Join(", ", Names<T>())}");
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

    /// <summary>A number (a whole one for integer types); null when absent, and an error naming the parameter when unreadable.</summary>
    public static T? Number<T>(string name, string? value, QueryErrors errors) where T : struct, INumber<T>
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var whole = typeof(T).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IBinaryInteger<>));
        var style = whole ? NumberStyles.Integer : NumberStyles.Float;
        if (T.TryParse(value, style, CultureInfo.InvariantCulture, out var number)) return number;
        errors.Add(name, $"{name} {Quoted(value)} is not {(whole ? "a whole number" : "a number")}");
        return null;
    }

    /// <summary>true or false; null when absent, and an error naming the parameter when unreadable.</summary>
    public static bool? Flag(string name, string? value, QueryErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (bool.TryParse(value.Trim(), out var flag)) return flag;
        errors.Add(name, $"{name} {Quoted(value)} is not true or false");
        return null;
    }

    /// <summary>
    /// An instant in ISO 8601 (<c>2026-11-26</c>, <c>2026-11-26T09:30:00Z</c>; UTC when no offset is given); null when
    /// absent, and an error naming the parameter when unreadable.
    /// </summary>
    public static DateTimeOffset? Instant(string name, string? value, QueryErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)) return instant;
        errors.Add(name, $"{name} {Quoted(value)} is not a date and time (ISO 8601, such as 2026-11-26 or 2026-11-26T09:30:00Z)");
        return null;
    }

    /// <summary>A whole day written yyyy-mm-dd, as midnight UTC; null when absent, and an error naming the parameter when unreadable.</summary>
    public static DateTimeOffset? Day(string name, string? value, QueryErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        errors.Add(name, $"{name} {Quoted(value)} is not a day written yyyy-mm-dd");
        return null;
    }

    /// <summary>The value as an error message shows it: in quotes, cut short when long.</summary>
    private static string Quoted(string value) =>
        $"'{(value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "…"))}'";
}
