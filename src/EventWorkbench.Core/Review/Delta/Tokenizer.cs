using System.Globalization;
using System.Text;

namespace EventWorkbench.Review.Delta;

internal enum TokenKind { Whitespace, Word, Symbol, Punctuation }

/// <summary>A token of a text: [Start, End) in UTF-16 units, always on grapheme cluster boundaries.</summary>
internal readonly record struct Token(int Start, int End, TokenKind Kind)
{
    /// <summary>Words are what the metrics count: letter runs, CJK characters, symbols and emoji.</summary>
    public bool IsWord => Kind is TokenKind.Word or TokenKind.Symbol;
}

/// <summary>
/// Splits text into words, whitespace runs and single punctuation/symbol graphemes, walking extended grapheme
/// clusters (UAX #29), so an emoji ZWJ sequence, a base letter with its combining marks or a CRLF is never split.
/// </summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(text.Length / 3 + 1);
        var span = text.AsSpan();
        var runStart = -1;
        var runKind = TokenKind.Whitespace;
        var position = 0;
        while (position < span.Length)
        {
            var length = StringInfo.GetNextTextElementLength(span[position..]);
            var kind = Classify(span.Slice(position, length), out var joins);
            if (runStart >= 0 && !(joins && kind == runKind))
            {
                tokens.Add(new Token(runStart, position, runKind));
                runStart = -1;
            }
            if (joins)
            {
                if (runStart < 0)
                {
                    runStart = position;
                    runKind = kind;
                }
            }
            else
            {
                tokens.Add(new Token(position, position + length, kind));
            }
            position += length;
        }
        if (runStart >= 0)
        {
            tokens.Add(new Token(runStart, span.Length, runKind));
        }
        return tokens;
    }

    /// <summary>The grapheme boundaries of a text (0 and its length included).</summary>
    public static List<int> Graphemes(ReadOnlySpan<char> text)
    {
        var boundaries = new List<int>(text.Length + 1) { 0 };
        var position = 0;
        while (position < text.Length)
        {
            position += StringInfo.GetNextTextElementLength(text[position..]);
            boundaries.Add(position);
        }
        return boundaries;
    }

    /// <summary>Classifies a grapheme by its first scalar; <paramref name="joins"/> says it merges with neighbours of its kind.</summary>
    private static TokenKind Classify(ReadOnlySpan<char> grapheme, out bool joins)
    {
        joins = false;
        if (Rune.DecodeFromUtf16(grapheme, out var rune, out _) != System.Buffers.OperationStatus.Done)
        {
            return TokenKind.Symbol;
        }
        if (Rune.IsWhiteSpace(rune))
        {
            joins = true;
            return TokenKind.Whitespace;
        }
        var category = Rune.GetUnicodeCategory(rune);
        // Control and format characters (BEL, ESC, bidi overrides, zero-width spaces) are invisible: never words.
        if (IsPunctuation(category) || category is UnicodeCategory.Control or UnicodeCategory.Format || (rune.IsAscii && EditCategories.MarkupCharacters.Contains((char)rune.Value, StringComparison.Ordinal)))
        {
            return TokenKind.Punctuation;
        }
        var wordLike = Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.LetterNumber;
        if (!wordLike)
        {
            return TokenKind.Symbol;
        }
        joins = !IsWrittenWithoutSpaces(rune.Value);
        return TokenKind.Word;
    }

    private static bool IsPunctuation(UnicodeCategory category) => category is UnicodeCategory.ConnectorPunctuation
        or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
        or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>CJK ideographs, kana and the Southeast Asian scripts written without spaces: each character is a word.</summary>
    private static bool IsWrittenWithoutSpaces(int c) => c switch
    {
        >= 0x0E00 and <= 0x0EFF => true,   // Thai, Lao
        >= 0x1000 and <= 0x109F => true,   // Myanmar
        >= 0x1780 and <= 0x17FF => true,   // Khmer
        >= 0x2E80 and <= 0x2FDF => true,   // CJK radicals, Kangxi radicals
        >= 0x3005 and <= 0x3007 => true,   // iteration mark, closing mark, ideographic zero
        >= 0x3021 and <= 0x3029 => true,   // Hangzhou numerals
        >= 0x3040 and <= 0x30FF => true,   // Hiragana, Katakana
        >= 0x31F0 and <= 0x31FF => true,   // Katakana extensions
        >= 0x3400 and <= 0x4DBF => true,   // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
        >= 0xF900 and <= 0xFAFF => true,   // CJK compatibility ideographs
        >= 0xFF66 and <= 0xFF9F => true,   // half-width Katakana
        >= 0x20000 and <= 0x3FFFF => true, // CJK extensions B and later
        _ => false,
    };
}
