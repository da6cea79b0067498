namespace EventWorkbench.Review.Delta;

/// <summary>
/// A text as the units one alignment works on, each with an id. A unit is a token the alignment compares plus the
/// tokens after it that it skips (the first unit also takes those before it), so the units still cover the text.
/// </summary>
internal sealed class TokenSequence
{
    private TokenSequence(string text, List<Token> tokens, Token[] units, int[] ids)
    {
        Text = text;
        Tokens = tokens;
        Units = units;
        Ids = ids;
    }

    public string Text { get; }

    /// <summary>Every token of the text, whitespace included, whatever the units.</summary>
    public List<Token> Tokens { get; }

    public Token[] Units { get; }

    public int[] Ids { get; }

    public int Length => Units.Length;

    public ReadOnlySpan<char> Slice(int fromUnit, int toUnit) =>
        fromUnit >= toUnit ? [] : Text.AsSpan(Units[fromUnit].Start, Units[toUnit - 1].End - Units[fromUnit].Start);

    /// <summary>
    /// Both texts twice. As words alone (each word with the whitespace and punctuation after it), equal words sharing
    /// an id: the word alignment, which gives the metrics. As display units, for the ops: every token, or with
    /// whitespace ignored every other token with the whitespace after it; equal non-word units share an id, while
    /// each word has an id of its own (negative), because only the word alignment matches words.
    /// </summary>
    public static (TokenSequence Before, TokenSequence After, TokenSequence BeforeWords, TokenSequence AfterWords) Pair(
        string before, string after, bool ignoreWhitespace)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var ownIds = 0;
        var (beforeUnits, beforeWords) = Build(before, ignoreWhitespace, ids, ref ownIds);
        var (afterUnits, afterWords) = Build(after, ignoreWhitespace, ids, ref ownIds);
        return (beforeUnits, afterUnits, beforeWords, afterWords);
    }

    private static (TokenSequence Units, TokenSequence Words) Build(string text, bool ignoreWhitespace, Dictionary<string, int> ids, ref int ownIds)
    {
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var tokens = Tokenizer.Tokenize(text);
        var compared = ignoreWhitespace ? tokens.Where(token => token.Kind != TokenKind.Whitespace).ToArray() : [.. tokens];
        var words = tokens.Where(token => token.IsWord).ToArray();
        var unitIds = new int[compared.Length];
        for (var i = 0; i < compared.Length; i++)
        {
            unitIds[i] = compared[i].IsWord ? --ownIds : IdOf(compared[i]);
        }
        var wordIds = Array.ConvertAll(words, IdOf);
        return (new TokenSequence(text, tokens, Cover(compared, text.Length), unitIds), new TokenSequence(text, tokens, Cover(words, text.Length), wordIds));

        int IdOf(Token token)
        {
            var core = text.AsSpan(token.Start, token.End - token.Start);
            if (!lookup.TryGetValue(core, out var id))
            {
                id = ids.Count;
                lookup[core] = id;
            }
            return id;
        }
    }

    /// <summary>Each compared token extended to the next one (the first from the start, the last to the end).</summary>
    private static Token[] Cover(Token[] compared, int textLength)
    {
        var units = new Token[compared.Length];
        for (var i = 0; i < compared.Length; i++)
        {
            units[i] = compared[i] with { Start = i == 0 ? 0 : compared[i].Start, End = i + 1 < compared.Length ? compared[i + 1].Start : textLength };
        }
        return units;
    }
}
