using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace EventWorkbench.Erasure;

/// <summary>Seals each personal field under one subject's key.</summary>
internal sealed class SealingFields(Guid keyId, byte[] key) : IPersonalFields
{
    [return: NotNullIfNotNull(nameof(value))]
    public string? Text(string? value) => value is null ? null : SealedValue.Seal(value, 't', keyId, key);

    public JsonElement? Json(JsonElement? value) =>
        value is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json
            ? value
            : JsonSerializer.SerializeToElement(SealedValue.Seal(json.GetRawText(), 'j', keyId, key));
}

/// <summary>Opens each sealed field with its key; a field whose key is erased reads <see cref="SealedValue.Erased"/>.</summary>
internal sealed class OpeningFields(SubjectKeyring keyring) : IPersonalFields
{
    private static readonly JsonElement ErasedJson = JsonSerializer.SerializeToElement(SealedValue.Erased);

    [return: NotNullIfNotNull(nameof(value))]
    public string? Text(string? value) =>
        value is not null && SealedValue.TryParse(value, out var kind, out var keyId) && kind == 't' ? Open(value, keyId) : value;

    public JsonElement? Json(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.String } json) return value;
        var text = json.GetString()!;
        if (!SealedValue.TryParse(text, out var kind, out var keyId) || kind != 'j') return value;
        return keyring.KeyById(keyId) is { } key && SealedValue.TryOpen(text, keyId, key, ParseJson, out var opened) ? opened : ErasedJson;
    }

    private static JsonElement ParseJson(ReadOnlySpan<byte> plain)
    {
        var reader = new Utf8JsonReader(plain);
        return JsonElement.ParseValue(ref reader); // a value of its own, as a clone would be
    }

    private string Open(string value, Guid keyId) =>
        keyring.KeyById(keyId) is { } key && SealedValue.Open(value, keyId, key) is { } plain ? plain : SealedValue.Erased;
}
