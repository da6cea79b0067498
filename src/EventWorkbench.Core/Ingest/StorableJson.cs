using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace EventWorkbench.Ingest;

/// <summary>
/// What PostgreSQL's jsonb cannot hold, found before anything is written, each problem named by its path
/// (<c>events[0].data.context.items[2]</c>): the NUL character (<c>\u0000</c>), text that is not Unicode (a lone
/// surrogate escape such as <c>\ud800</c>, bytes that are not UTF-8) in a value or a field name, and numbers beyond
/// PostgreSQL's numeric type (<see cref="JsonbNumbers"/>). It reads the raw JSON text, so it never throws on such
/// text the way <see cref="JsonElement.GetString"/> does.
/// </summary>
public static class StorableJson
{
    public const string NulRule = "must not contain the NUL character (\\u0000): PostgreSQL cannot store it";

    private static ReadOnlySpan<byte> SealedMarker => "ew-sealed:"u8;
    private const string SealedRule = $"must not begin with '{Erasure.SealedValue.Marker}': the store marks sealed personal data so";

    /// <summary>True when PostgreSQL can store the element; otherwise records each problem under its path.</summary>
    public static bool Check(JsonElement element, ValidationErrors errors, string path)
    {
        return Walk(element, errors, path, []);
    }

    /// <summary>Why a .NET string cannot be stored as JSON text (NUL, a lone surrogate), or null when it can.</summary>
    public static string? TextProblem(string text)
    {
        var position = 1;
        for (var i = 0; i < text.Length; i++, position++)
        {
            var c = text[i];
            if (c == '\0') return $"{NulRule} (at character {position})";
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                position++;
                continue;
            }
            return LoneSurrogate(c, position);
        }
        return null;
    }

    /// <summary>Why the content of a raw JSON string (escapes as written, no quotes) cannot be stored, or null.</summary>
    public static string? RawTextProblem(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0 && Utf8.IsValid(raw)) return null;
        var position = 1; // in UTF-16 characters of the text, counting from 1
        int? pendingHigh = null;
        for (var i = 0; i < raw.Length;)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length)
            {
                if (raw[i + 1] != 'u' || i + 6 > raw.Length)
                {
                    if (pendingHigh is { } high) return LoneSurrogate((char)high, position - 1);
                    i += 2;
                    position++;
                    continue;
                }
                var unit = (char)Convert.ToUInt16(Encoding.ASCII.GetString(raw.Slice(i + 2, 4)), 16);
                i += 6;
                if (pendingHigh is { } pending)
                {
                    if (!char.IsLowSurrogate(unit)) return LoneSurrogate((char)pending, position - 1);
                    pendingHigh = null;
                }
                else if (char.IsHighSurrogate(unit)) pendingHigh = unit;
                else if (char.IsLowSurrogate(unit)) return LoneSurrogate(unit, position);
                else if (unit == '\0') return $"{NulRule} (at character {position})";
                position++;
                continue;
            }
            if (pendingHigh is { } unpaired) return LoneSurrogate((char)unpaired, position - 1);
            if (System.Text.Rune.DecodeFromUtf8(raw[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                return $"is not valid UTF-8 (byte 0x{raw[i]:X2} at character {position}): send text as UTF-8";
            i += consumed;
            position += rune.Utf16SequenceLength;
        }
        return pendingHigh is { } last ? LoneSurrogate((char)last, position - 1) : null;
    }

    private static string LoneSurrogate(char unit, int position) =>
        $"holds a lone surrogate (\\u{(int)unit:x4}) at character {position}: that is not Unicode text, and PostgreSQL cannot store it";

    private static bool Walk(JsonElement element, ValidationErrors errors, string root, List<Segment> segments)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
            {
                var raw = Unquoted(JsonMarshal.GetRawUtf8Value(element));
                return Report(errors, root, segments, raw.StartsWith(SealedMarker) ? SealedRule : RawTextProblem(raw));
            }
            case JsonValueKind.Number:
                return Report(errors, root, segments, JsonbNumbers.Problem(JsonMarshal.GetRawUtf8Value(element)));
            case JsonValueKind.Array:
            {
                var ok = true;
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    segments.Add(new Segment(index++, default));
                    ok &= Walk(item, errors, root, segments);
                    segments.RemoveAt(segments.Count - 1);
                }
                return ok;
            }
            case JsonValueKind.Object:
            {
                var ok = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (RawTextProblem(Unquoted(JsonMarshal.GetRawUtf8PropertyName(property))) is { } nameProblem)
                    {
                        ok &= Report(errors, root, segments, $"a field name {nameProblem}");
                        continue;
                    }
                    segments.Add(new Segment(-1, property));
                    ok &= Walk(property.Value, errors, root, segments);
                    segments.RemoveAt(segments.Count - 1);
                }
                return ok;
            }
            default:
                return true;
        }
    }

    private static ReadOnlySpan<byte> Unquoted(ReadOnlySpan<byte> raw) =>
        raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;

    private static bool Report(ValidationErrors errors, string root, List<Segment> segments, string? problem)
    {
        if (problem is null) return true;
        errors.Add(PathOf(root, segments), problem);
        return false;
    }

    /// <summary><c>events[0].data.items[2].name</c>, with <c>['odd key']</c> for names that are not plain identifiers.</summary>
    private static string PathOf(string root, List<Segment> segments)
    {
        var path = new StringBuilder(root);
        foreach (var segment in segments)
        {
            if (segment.Index >= 0) path.Append('[').Append(segment.Index).Append(']');
            else
            {
                var name = segment.Property.Name;
                if (name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_'))
                    path.Append(path.Length == 0 ? "" : ".").Append(name);
                else path.Append("['").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }
        return path.Length == 0 ? "body" : path.ToString();
    }

    /// <summary>One step of a path: an array index, or (Index -1) an object's field.</summary>
    private readonly record struct Segment(int Index, JsonProperty Property);
}
