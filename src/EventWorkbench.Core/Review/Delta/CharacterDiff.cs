namespace EventWorkbench.Review.Delta;

/// <summary>The grapheme-level diff inside a replaced run, for highlights within changed words.</summary>
internal static class CharacterDiff
{
    /// <summary>Longer replaced runs get no character-level diff (it would not help a reader anyway).</summary>
    internal const int MaxLength = 4000;

    internal const int EditBudget = 400;

    public static IReadOnlyList<DeltaSpan> Compare(ReadOnlySpan<char> deleted, ReadOnlySpan<char> inserted)
    {
        if (deleted.Length + inserted.Length > MaxLength)
        {
            return [];
        }
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var aBounds = Tokenizer.Graphemes(deleted);
        var bBounds = Tokenizer.Graphemes(inserted);
        var a = Ids(deleted, aBounds, ids);
        var b = Ids(inserted, bBounds, ids);
        var prefix = a.AsSpan().CommonPrefixLength(b);
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }
        var matches = new List<Match>();
        if (prefix > 0)
        {
            matches.Add(new Match(0, 0, prefix));
        }
        var aMiddle = a.AsSpan(prefix, a.Length - prefix - suffix);
        var bMiddle = b.AsSpan(prefix, b.Length - prefix - suffix);
        if (aMiddle.Length > 0 && bMiddle.Length > 0 && !MyersDiff.TryAlign(aMiddle, bMiddle, EditBudget, prefix, prefix, matches))
        {
            return [];
        }
        if (suffix > 0)
        {
            matches.Add(new Match(a.Length - suffix, b.Length - suffix, suffix));
        }
        return Spans(deleted, aBounds, inserted, bBounds, matches, a.Length, b.Length);
    }

    private static int[] Ids(ReadOnlySpan<char> text, List<int> bounds, Dictionary<string, int> ids)
    {
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var result = new int[bounds.Count - 1];
        for (var i = 0; i < result.Length; i++)
        {
            var grapheme = text[bounds[i]..bounds[i + 1]];
            if (!lookup.TryGetValue(grapheme, out var id))
            {
                id = ids.Count;
                lookup[grapheme] = id;
            }
            result[i] = id;
        }
        return result;
    }

    private static List<DeltaSpan> Spans(
        ReadOnlySpan<char> deleted, List<int> aBounds, ReadOnlySpan<char> inserted, List<int> bBounds, List<Match> matches, int aLength, int bLength)
    {
        var spans = new List<DeltaSpan>();
        int aAt = 0, bAt = 0;
        foreach (var match in matches.Append(new Match(aLength, bLength, 0)))
        {
            if (match.A > aAt)
            {
                spans.Add(new DeltaSpan(DeltaOp.Delete, deleted[aBounds[aAt]..aBounds[match.A]].ToString(), []));
            }
            if (match.B > bAt)
            {
                spans.Add(new DeltaSpan(DeltaOp.Insert, inserted[bBounds[bAt]..bBounds[match.B]].ToString(), []));
            }
            if (match.Length > 0)
            {
                var text = deleted[aBounds[match.A]..aBounds[match.A + match.Length]].ToString();
                if (spans.Count > 0 && spans[^1].Op == DeltaOp.Equal)
                {
                    spans[^1] = spans[^1] with { Text = spans[^1].Text + text };
                }
                else
                {
                    spans.Add(new DeltaSpan(DeltaOp.Equal, text, []));
                }
            }
            aAt = match.A + match.Length;
            bAt = match.B + match.Length;
        }
        return spans;
    }
}
