namespace EventWorkbench.Review.Delta;

/// <summary>
/// The character-level highlights inside a replaced run, only where a word was lightly changed: a typo, a digit of a
/// number, a suffix, a letter's case. The tokens both sides of the run share (the whitespace and punctuation between
/// its words) stay kept; where what is left between two of them is one word against one word whose graphemes are
/// alike enough (<see cref="LightChangeMinSimilarity"/>), that pair gets a grapheme-level diff, and any other word is
/// deleted and inserted whole. A run without a lightly changed word gets no character-level diff at all: a rewrite
/// reads as one replacement, never as crumbs of shared letters ("Agr·ee·me·nt").
/// </summary>
internal static class CharacterDiff
{
    /// <summary>
    /// Lowest similarity of two words for a light change: 1 - changed graphemes / graphemes of the longer word, the
    /// changed graphemes counted as the word metrics count words (per changed block, the larger side). "brown" to
    /// "brawn" is 0.8, "terminate" to "termination" 0.73, "ninety" to "thirty" 0.33 and "90" to "30" 0.5.
    /// </summary>
    internal const double LightChangeMinSimilarity = 0.6;

    /// <summary>Longer replaced runs get no character-level diff (it would not help a reader anyway).</summary>
    internal const int MaxLength = 4000;

    internal const int EditBudget = 400;

    /// <summary>Equal+Delete spans spell <paramref name="deleted"/>, Equal+Insert spans <paramref name="inserted"/>; empty when no word was lightly changed.</summary>
    public static IReadOnlyList<DeltaSpan> Compare(string deleted, string inserted)
    {
        if (deleted.Length + inserted.Length > MaxLength)
        {
            return [];
        }
        var aTokens = Tokenizer.Tokenize(deleted);
        var bTokens = Tokenizer.Tokenize(inserted);
        var aBounds = TokenBounds(aTokens, deleted.Length);
        var bBounds = TokenBounds(bTokens, inserted.Length);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!TryAlign(Ids(deleted, aBounds, ids), Ids(inserted, bBounds, ids), out var matches))
        {
            return [];
        }
        var spans = new List<DeltaSpan>();
        var light = false;
        int aAt = 0, bAt = 0;
        foreach (var match in matches.Append(new Match(aTokens.Count, bTokens.Count, 0)))
        {
            if (match.A > aAt || match.B > bAt)
            {
                var aGap = deleted[aBounds[aAt]..aBounds[match.A]];
                var bGap = inserted[bBounds[bAt]..bBounds[match.B]];
                var oneWordEach = match.A - aAt == 1 && match.B - bAt == 1 && aTokens[aAt].Kind == TokenKind.Word && bTokens[bAt].Kind == TokenKind.Word;
                if (oneWordEach && LightChange(aGap, bGap) is { } inside)
                {
                    inside.ForEach(span => Append(spans, span.Op, span.Text));
                    light = true;
                }
                else
                {
                    Append(spans, DeltaOp.Delete, aGap);
                    Append(spans, DeltaOp.Insert, bGap);
                }
            }
            Append(spans, DeltaOp.Equal, deleted[aBounds[match.A]..aBounds[match.A + match.Length]]);
            aAt = match.A + match.Length;
            bAt = match.B + match.Length;
        }
        return light ? spans : [];
    }

    /// <summary>The grapheme-level diff of two words, or null when they are not alike enough to be one word lightly changed.</summary>
    internal static List<DeltaSpan>? LightChange(string before, string after)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var aBounds = Tokenizer.Graphemes(before);
        var bBounds = Tokenizer.Graphemes(after);
        var a = Ids(before, aBounds, ids);
        var b = Ids(after, bBounds, ids);
        if (!TryAlign(a, b, out var matches) || Similarity(matches, a.Length, b.Length) < LightChangeMinSimilarity)
        {
            return null;
        }
        var spans = new List<DeltaSpan>();
        int aAt = 0, bAt = 0;
        foreach (var match in matches.Append(new Match(a.Length, b.Length, 0)))
        {
            Append(spans, DeltaOp.Delete, before[aBounds[aAt]..aBounds[match.A]]);
            Append(spans, DeltaOp.Insert, after[bBounds[bAt]..bBounds[match.B]]);
            Append(spans, DeltaOp.Equal, before[aBounds[match.A]..aBounds[match.A + match.Length]]);
            aAt = match.A + match.Length;
            bAt = match.B + match.Length;
        }
        return spans;
    }

    private static double Similarity(List<Match> matches, int aLength, int bLength)
    {
        int aAt = 0, bAt = 0, changed = 0;
        foreach (var match in matches.Append(new Match(aLength, bLength, 0)))
        {
            changed += Math.Max(match.A - aAt, match.B - bAt);
            aAt = match.A + match.Length;
            bAt = match.B + match.Length;
        }
        var longer = Math.Max(aLength, bLength);
        return longer == 0 ? 1 : 1 - (double)changed / longer;
    }

    /// <summary>Common prefix and suffix, then Myers within <see cref="EditBudget"/>; false when that is not enough.</summary>
    private static bool TryAlign(int[] a, int[] b, out List<Match> matches)
    {
        matches = [];
        var prefix = a.AsSpan().CommonPrefixLength(b);
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }
        if (prefix > 0)
        {
            matches.Add(new Match(0, 0, prefix));
        }
        var aMiddle = a.AsSpan(prefix, a.Length - prefix - suffix);
        var bMiddle = b.AsSpan(prefix, b.Length - prefix - suffix);
        if (aMiddle.Length > 0 && bMiddle.Length > 0 && !MyersDiff.TryAlign(aMiddle, bMiddle, EditBudget, prefix, prefix, matches))
        {
            return false;
        }
        if (suffix > 0)
        {
            matches.Add(new Match(a.Length - suffix, b.Length - suffix, suffix));
        }
        return true;
    }

    private static List<int> TokenBounds(List<Token> tokens, int length) => [.. tokens.Select(token => token.Start), length];

    private static int[] Ids(string text, List<int> bounds, Dictionary<string, int> ids)
    {
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var result = new int[bounds.Count - 1];
        for (var i = 0; i < result.Length; i++)
        {
            var piece = text.AsSpan(bounds[i], bounds[i + 1] - bounds[i]);
            if (!lookup.TryGetValue(piece, out var id))
            {
                id = ids.Count;
                lookup[piece] = id;
            }
            result[i] = id;
        }
        return result;
    }

    /// <summary>Adds a span, joined to the last one when it does the same; empty text adds nothing.</summary>
    private static void Append(List<DeltaSpan> spans, DeltaOp op, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (spans.Count > 0 && spans[^1].Op == op)
        {
            spans[^1] = spans[^1] with { Text = spans[^1].Text + text };
        }
        else
        {
            spans.Add(new DeltaSpan(op, text, []));
        }
    }
}
