namespace EventWorkbench.Ingest;

/// <summary>Collects what is wrong with a request, keyed by a JSON-path-like location.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            messages = [];
            _errors[path] = messages;
        }
        messages.Add(message);
    }

    public override string ToString() =>
        string.Join("; ", _errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"));
}

/// <summary>Validation rules for the fields of one object, written as one-liners in each event.</summary>
public readonly struct ValidationScope(ValidationErrors errors, string prefix)
{
    public const int ShortText = 200;
    public const int LongText = 1_000_000;

    private string PathOf(string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";

    public void Fail(string field, string message) => errors.Add(PathOf(field), message);

    /// <summary>The rules for the fields of a nested object.</summary>
    public ValidationScope Within(string field) => new(errors, PathOf(field));

    public void Required(string field, string? value, int maxLength = ShortText)
    {
        if (string.IsNullOrWhiteSpace(value))
            Fail(field, "is required");
        else
            MaxLength(field, value, maxLength);
    }

    /// <summary>An id the client chose: required, and text that reads the way it looks (<see cref="Ids"/>).</summary>
    public void Id(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Fail(field, "is required");
        else if (Ids.Problem(value) is { } problem) Fail(field, problem);
    }

    /// <summary>An optional id: absent, or as <see cref="Id"/> takes it.</summary>
    public void OptionalId(string field, string? value)
    {
        if (value is null) return;
        if (string.IsNullOrWhiteSpace(value)) Fail(field, "must not be empty when given");
        else if (Ids.Problem(value) is { } problem) Fail(field, problem);
    }

    public void Optional(string field, string? value, int maxLength = ShortText)
    {
        if (value is null) return;
        if (value.Length == 0 || string.IsNullOrWhiteSpace(value))
            Fail(field, "must not be empty when given");
        else
            MaxLength(field, value, maxLength);
    }

    public void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max) Fail(field, $"must be between {min} and {max}");
    }

    public void Defined<TEnum>(string field, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value)) Fail(field, "has an unknown value");
    }

    public void Tags(string field, IReadOnlyList<string>? tags, int maxCount = 50)
    {
        if (tags is null) return;
        if (tags.Count > maxCount) Fail(field, $"must hold at most {maxCount} tags");
        for (var i = 0; i < tags.Count; i++)
            Required($"{field}[{i}]", tags[i], 100);
    }

    public void OptionalObject(string field, System.Text.Json.JsonElement? value)
    {
        if (value is { } element) RequiredObject(field, element);
    }

    public void RequiredObject(string field, System.Text.Json.JsonElement value)
    {
        if (value.ValueKind != System.Text.Json.JsonValueKind.Object) Fail(field, "must be a JSON object");
    }

    private void MaxLength(string field, string value, int maxLength)
    {
        if (value.Length > maxLength) Fail(field, $"must be at most {maxLength:N0} characters");
        if (maxLength <= ShortText && value.Any(char.IsControl))
            Fail(field, "must not contain control characters");
    }
}

/// <summary>An event that can say what is wrong with its own data.</summary>
public interface IValidatedEvent
{
    void Validate(ValidationScope check);
}
