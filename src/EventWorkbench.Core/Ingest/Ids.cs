using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace EventWorkbench.Ingest;

/// <summary>
/// The rules for ids a client chooses (stream ids, proposal ids, subject, correlation and causation ids): 1 to 200
/// characters of Unicode text that read the way they look. Control characters, invisible formatting characters (a BOM,
/// zero-width spaces and joiners, soft hyphens, the bidi marks, embeddings, overrides and isolates that reorder what is
/// shown), the line and paragraph separators U+2028/U+2029 and lone surrogates are refused, naming the character and
/// its position, so two ids that look the same are the same id. Stream ids starting with <c>mt_</c> (any case) are
/// Marten's own (its <c>mt_tombstone</c> stream records failed appends) and are refused too.
/// </summary>
public static class Ids
{
    public const int MaxLength = 200;
    public const string ReservedStreamPrefix = "mt_";

    private static readonly FrozenDictionary<int, string> Names = new Dictionary<int, string>
    {
        [0x00AD] = "SOFT HYPHEN",
        [0x061C] = "ARABIC LETTER MARK",
        [0x180E] = "MONGOLIAN VOWEL SEPARATOR",
        [0x200B] = "ZERO WIDTH SPACE",
        [0x200C] = "ZERO WIDTH NON-JOINER",
        [0x200D] = "ZERO WIDTH JOINER",
        [0x200E] = "LEFT-TO-RIGHT MARK",
        [0x200F] = "RIGHT-TO-LEFT MARK",
        [0x2028] = "LINE SEPARATOR",
        [0x2029] = "PARAGRAPH SEPARATOR",
        [0x202A] = "LEFT-TO-RIGHT EMBEDDING",
        [0x202B] = "RIGHT-TO-LEFT EMBEDDING",
        [0x202C] = "POP DIRECTIONAL FORMATTING",
        [0x202D] = "LEFT-TO-RIGHT OVERRIDE",
        [0x202E] = "RIGHT-TO-LEFT OVERRIDE",
        [0x2060] = "WORD JOINER",
        [0x2066] = "LEFT-TO-RIGHT ISOLATE",
        [0x2067] = "RIGHT-TO-LEFT ISOLATE",
        [0x2068] = "FIRST STRONG ISOLATE",
        [0x2069] = "POP DIRECTIONAL ISOLATE",
        [0xFEFF] = "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
    }.ToFrozenDictionary();

    /// <summary>Why the text cannot be an id, or null when it can. Blank ids are the caller's "is required".</summary>
    public static string? Problem(string id)
    {
        if (id.Length > MaxLength) return $"must be at most {MaxLength} characters";
        for (var i = 0; i < id.Length;)
        {
            var position = i + 1;
            if (Rune.DecodeFromUtf16(id.AsSpan(i), out var rune, out var length) != OperationStatus.Done)
                return $"must not contain a lone surrogate (U+{(int)id[i]:X4}) at character {position}: it is not Unicode text";
            if (Invisible(rune) is { } what)
                return $"must not contain {what} at character {position}: an id must read the way it looks";
            i += length;
        }
        return null;
    }

    /// <summary><see cref="Problem"/>, and stream ids that are Marten's own.</summary>
    /// <summary>A stream Marten writes itself (its <c>mt_tombstone</c> stream); no projection makes a document of one.</summary>
    public static bool IsMartenStream(string? streamId) =>
        streamId is not null && streamId.StartsWith(ReservedStreamPrefix, StringComparison.OrdinalIgnoreCase);

    public static string? StreamIdProblem(string streamId) =>
        IsMartenStream(streamId)
            ? $"must not start with '{ReservedStreamPrefix}': the event store keeps those stream ids for itself"
            : Problem(streamId);

    /// <summary>"U+200B ZERO WIDTH SPACE" for a character an id may not hold, or null.</summary>
    private static string? Invisible(Rune c)
    {
        var category = Rune.GetUnicodeCategory(c);
        if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            return null;
        var name = Names.TryGetValue(c.Value, out var known) ? known
            : category == UnicodeCategory.Control ? "a control character"
            : "an invisible formatting character";
        return $"U+{c.Value:X4} {name}";
    }
}
