namespace EventWorkbench.Review.Delta;

/// <summary>
/// A text as the units the diff aligns: its tokens, each with an id shared by equal tokens of both sides. With
/// whitespace ignored, a unit is a non-whitespace token plus the whitespace after it (the first also takes the
/// leading whitespace), and units compare by that token alone.
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

    /// <summary>Every token of the text, whitespace included, whatever the mode.</summary>
    public List<Token> Tokens { get; }

    public Token[] Units { get; }

    public int[] Ids { get; }

    public int Length => Units.Length;

    public ReadOnlySpan<char> Slice(int fromUnit, int toUnit) =>
        fromUnit >= toUnit ? [] : Text.AsSpan(Units[fromUnit].Start, Units[toUnit - 1].End - Units[fromUnit].Start);

    public static (TokenSequence Before, TokenSequence After) Pair(string before, string after, bool ignoreWhitespace)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return (Build(before, ignoreWhitespace, ids), Build(after, ignoreWhitespace, ids));
    }

    private static TokenSequence Build(string text, bool ignoreWhitespace, Dictionary<string, int> ids)
    {
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var tokens = Tokenizer.Tokenize(text);
        var units = ignoreWhitespace ? WithoutWhitespace(tokens, text.Length) : [.. tokens];
        var unitIds = new int[units.Length];
        for (var i = 0; i < units.Length; i++)
        {
            var core = ignoreWhitespace ? CoreOf(text, units[i]) : text.AsSpan(units[i].Start, units[i].End - units[i].Start);
            if (!lookup.TryGetValue(core, out var id))
            {
                id = ids.Count;
                lookup[core] = id;
            }
            unitIds[i] = id;
        }
        return new TokenSequence(text, tokens, units, unitIds);
    }

    private static Token[] WithoutWhitespace(List<Token> tokens, int textLength)
    {
        var units = new List<Token>(tokens.Count / 2 + 1);
        foreach (var token in tokens)
        {
            if (token.Kind != TokenKind.Whitespace)
            {
                units.Add(token with { Start = units.Count == 0 ? 0 : token.Start });
            }
        }
        for (var i = 0; i < units.Count; i++)
        {
            units[i] = units[i] with { End = i + 1 < units.Count ? units[i + 1].Start : textLength };
        }
        return [.. units];
    }

    private static ReadOnlySpan<char> CoreOf(string text, Token unit) =>
        text.AsSpan(unit.Start, unit.End - unit.Start).Trim();
}
