using System.Text.Json;
using System.Text.RegularExpressions;

namespace EventWorkbench.Web.Api;

/// <summary>
/// What System.Text.Json found wrong with a body, as a field path and a message a client can act on.
/// Its own messages name .NET types ("could not be converted to System.Int64", "...member contained in type
/// 'EventWorkbench.Ingest.AppendRequest'"); these never do.
/// </summary>
public static partial class JsonErrors
{
    private static readonly IReadOnlyDictionary<string, string> NoExpectations = new Dictionary<string, string>();

    /// <summary>As <see cref="Describe(JsonException, IReadOnlyDictionary{string, string})"/>, for a body whose fields say no more than their type.</summary>
    public static (string Field, string Message) Describe(JsonException ex) => Describe(ex, NoExpectations);

    /// <summary>The field (<c>events[0].type</c>, or <c>body</c> for the whole document) and what is wrong with it.</summary>
    public static (string Field, string Message) Describe(JsonException ex, IReadOnlyDictionary<string, string> expectedByField)
    {
        var field = FieldOf(ex.Path);
        var message = ex.Message;
        var at = ex.LineNumber is { } line && ex.BytePositionInLine is { } position ? $" (line {line + 1}, byte {position + 1})" : "";

        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            return (field == "body" ? name : field.EndsWith(name, StringComparison.Ordinal) ? field : $"{field}.{name}",
                "is not a field of this request");
        }
        if (MissingProperties().Match(message) is { Success: true } missing)
            return (field, $"is missing required fields: {missing.Groups["names"].Value.TrimEnd('.')}");
        if (message.Contains("could not be converted to", StringComparison.Ordinal) || ex.InnerException is InvalidOperationException or FormatException)
            return (field, expectedByField.TryGetValue(Generic(field), out var expected) ? expected : "has the wrong type or format");
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
            return ("body", "is empty: send a JSON object");
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return (field, $"nests deeper than {MaxDepthOf(message)} levels{at}");

        // A syntax error from the reader: its own words (they name JSON tokens, not types), with where it is.
        var cut = TrailingPosition().Replace(message, "").Trim().TrimEnd('.');
        return (field, $"is not valid JSON: {Scrub(cut)}{at}");
    }

    /// <summary>Removes anything that reads like a .NET type name, so no message of the API shows one.</summary>
    public static string Scrub(string message) => TypeName().Replace(message, "a value");

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length > 300 ? field[..300] + "…" : field;
    }

    /// <summary><c>events[3].data</c> → <c>events[].data</c>, the form <c>expectedByField</c> is keyed by.</summary>
    private static string Generic(string field) => Index().Replace(field, "[]");

    private static string MaxDepthOf(string message) => Number().Match(message) is { Success: true } number ? number.Value : "64";

    [GeneratedRegex(@"The JSON property '(?<name>.*?)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"missing required properties including: (?<names>.*)$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"\s*(Path: .*|LineNumber: .*)$")]
    private static partial Regex TrailingPosition();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Index();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(System|Microsoft|EventWorkbench|Marten|Npgsql|JasperFx)(\.[\w`]+)+(\[[^\]]*\])?|\bJsonElement\b|\bNullable<[^>]*>")]
    private static partial Regex TypeName();
}
