using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace EventWorkbench.Erasure;

/// <summary>Writes down an event's personal values in the order it passes them, changing nothing.</summary>
internal sealed class CollectingFields : IPersonalFields
{
    public List<(char Kind, string Text)> Values { get; } = [];

    [return: NotNullIfNotNull(nameof(value))]
    public string? Text(string? value)
    {
        if (value is not null) Values.Add(('t', value));
        return value;
    }

    public JsonElement? Json(JsonElement? value)
    {
        if (value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } json) Values.Add(('j', json.GetRawText()));
        return value;
    }
}

/// <summary>
/// Seals an event's personal values (as <see cref="CollectingFields"/> found them, in the same order) into one envelope:
/// the first field holds it, each further field a reference to its value in it.
/// </summary>
internal sealed class SealingFields(IReadOnlyList<(char Kind, string Text)> values, Guid keyId, byte[] key) : IPersonalFields
{
    private readonly string _holder = SealedValue.Holder(values, keyId, key);
    private int _next;

    [return: NotNullIfNotNull(nameof(value))]
    public string? Text(string? value) => value is null ? null : Next('t');

    public JsonElement? Json(JsonElement? value) =>
        value is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } ? value : JsonSerializer.SerializeToElement(Next('j'));

    private string Next(char kind)
    {
        var index = _next++;
        if (index >= values.Count || values[index].Kind != kind)
            throw new InvalidOperationException("An event passed its personal fields in another order when sealed than when collected.");
        return index == 0 ? _holder : SealedValue.Reference(kind, index);
    }
}

/// <summary>
/// Opens the sealed fields of one event with their key (both formats; an envelope once per event). A field whose key is
/// erased, or that does not open, reads <see cref="SealedValue.Erased"/>. A reference met before its envelope's holder
/// is left for a second pass (<see cref="MissedReferences"/>), which the caller makes once the holder was opened.
/// </summary>
internal sealed class OpeningFields(SubjectKeyring keyring) : IPersonalFields
{
    private static readonly JsonElement ErasedJson = JsonSerializer.SerializeToElement(SealedValue.Erased);

    private byte[]? _envelope;
    private List<Range>? _values;
    private bool _holderMet;
    private bool _secondPass;

    /// <summary>True when a reference came before the holder of its envelope: map the event again.</summary>
    public bool MissedReferences { get; private set; }

    public void BeginSecondPass() => _secondPass = true;

    [return: NotNullIfNotNull(nameof(value))]
    public string? Text(string? value)
    {
        if (value is null || !SealedValue.TryParse(value, out var header) || header.Kind != 't') return value;
        return Plain(value, header) switch
        {
            { Missed: true } => value,
            { Bytes: { } bytes, Range: var range } => Encoding.UTF8.GetString(bytes.AsSpan(range)),
            _ => SealedValue.Erased,
        };
    }

    public JsonElement? Json(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.String } json) return value;
        var text = json.GetString()!;
        if (!SealedValue.TryParse(text, out var header) || header.Kind != 'j') return value;
        return Plain(text, header) switch
        {
            { Missed: true } => value,
            { Bytes: { } bytes, Range: var range } when TryParseJson(bytes.AsSpan(range), out var opened) => opened,
            _ => ErasedJson,
        };
    }

    private (byte[]? Bytes, Range Range, bool Missed) Plain(string value, SealedHeader header)
    {
        if (header.Format == 1)
            return keyring.KeyById(header.KeyId) is { } fieldKey && SealedValue.Open(value, header, fieldKey) is { } plain ? (plain, Range.All, false) : default;
        if (header.Reference == 0 && !_holderMet)
        {
            _holderMet = true;
            _envelope = keyring.KeyById(header.KeyId) is { } key ? SealedValue.Open(value, header, key) : null;
            _values = _envelope is null ? null : SealedValue.EnvelopeValues(_envelope);
        }
        if (_values is null)
        {
            if (header.Reference == 0 || _holderMet || _secondPass) return default;
            MissedReferences = true;
            return (null, default, true);
        }
        return header.Reference < _values.Count ? (_envelope, _values[header.Reference], false) : default;
    }

    private static bool TryParseJson(ReadOnlySpan<byte> plain, out JsonElement opened)
    {
        try
        {
            var reader = new Utf8JsonReader(plain);
            opened = JsonElement.ParseValue(ref reader); // a value of its own, as a clone would be
            return true;
        }
        catch (JsonException)
        {
            opened = default;
            return false;
        }
    }
}
