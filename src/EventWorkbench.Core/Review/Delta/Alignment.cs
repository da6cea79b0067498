namespace EventWorkbench.Review.Delta;

/// <summary>
/// Aligns two token sequences (the words, then the display units around the matched words): common prefix and
/// suffix first, then Myers over the rest. When that needs more than
/// <see cref="TokenBudget"/> edits (very large or very different texts), it aligns lines first and runs the
/// token-level diff only inside the changed line blocks; where that is still over budget (or no line is kept),
/// Myers runs in bounded steps (<see cref="MyersDiff.AlignInSteps"/>), so time and memory stay bounded.
/// </summary>
internal static class Alignment
{
    /// <summary>Most token edits one Myers run may take: bounds its memory to about (budget)² ints.</summary>
    internal const int TokenBudget = 1200;

    /// <summary>Most line edits the line-level pass may take.</summary>
    internal const int LineBudget = 1200;

    public static List<Match> Align(TokenSequence before, TokenSequence after)
    {
        var matches = new List<Match>();
        AlignRange(before, after, 0, before.Length, 0, after.Length, lineFallback: true, matches);
        return matches;
    }

    /// <summary>
    /// Aligns the display units around the word alignment: the matched words stay matched, and between two of them
    /// the other units are aligned (whitespace and punctuation may match, words never do: they have ids of their own),
    /// so the ops change exactly the words the metrics count.
    /// </summary>
    public static List<Match> AlignAroundWords(TokenSequence before, TokenSequence after, List<Match> wordMatches)
    {
        var beforeWords = WordUnits(before);
        var afterWords = WordUnits(after);
        var matches = new List<Match>();
        int aAt = 0, bAt = 0;
        foreach (var run in wordMatches)
        {
            for (var i = 0; i < run.Length; i++)
            {
                var (aWord, bWord) = (beforeWords[run.A + i], afterWords[run.B + i]);
                AlignRange(before, after, aAt, aWord, bAt, bWord, lineFallback: false, matches);
                matches.Add(new Match(aWord, bWord, 1));
                (aAt, bAt) = (aWord + 1, bWord + 1);
            }
        }
        AlignRange(before, after, aAt, before.Length, bAt, after.Length, lineFallback: false, matches);
        return Merged(matches);
    }

    private static int[] WordUnits(TokenSequence sequence) =>
        [.. Enumerable.Range(0, sequence.Length).Where(unit => sequence.Units[unit].IsWord)];

    /// <summary>Joins matched runs that touch, so a kept run between two changes is one match.</summary>
    private static List<Match> Merged(List<Match> matches)
    {
        var merged = new List<Match>(matches.Count);
        foreach (var match in matches)
        {
            if (merged.Count > 0 && merged[^1].A + merged[^1].Length == match.A && merged[^1].B + merged[^1].Length == match.B)
            {
                merged[^1] = merged[^1] with { Length = merged[^1].Length + match.Length };
            }
            else
            {
                merged.Add(match);
            }
        }
        return merged;
    }

    private static void AlignRange(TokenSequence a, TokenSequence b, int aFrom, int aTo, int bFrom, int bTo, bool lineFallback, List<Match> matches)
    {
        var aIds = a.Ids.AsSpan(aFrom, aTo - aFrom);
        var bIds = b.Ids.AsSpan(bFrom, bTo - bFrom);
        var prefix = aIds.CommonPrefixLength(bIds);
        var suffix = CommonSuffixLength(aIds[prefix..], bIds[prefix..]);
        if (prefix > 0)
        {
            matches.Add(new Match(aFrom, bFrom, prefix));
        }
        var aMiddle = aIds[prefix..^suffix];
        var bMiddle = bIds[prefix..^suffix];
        if (aMiddle.Length > 0 && bMiddle.Length > 0
            && !MyersDiff.TryAlign(aMiddle, bMiddle, TokenBudget, aFrom + prefix, bFrom + prefix, matches)
            && !(lineFallback && TryAlignLines(a, b, aFrom + prefix, aTo - suffix, bFrom + prefix, bTo - suffix, matches)))
        {
            MyersDiff.AlignInSteps(aMiddle, bMiddle, TokenBudget, aFrom + prefix, bFrom + prefix, matches);
        }
        if (suffix > 0)
        {
            matches.Add(new Match(aTo - suffix, bTo - suffix, suffix));
        }
    }

    private static int CommonSuffixLength(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[^(length + 1)] == b[^(length + 1)])
        {
            length++;
        }
        return length;
    }

    private static bool TryAlignLines(TokenSequence a, TokenSequence b, int aFrom, int aTo, int bFrom, int bTo, List<Match> matches)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var aLines = Lines(a, aFrom, aTo, keys, out var aLineIds);
        var bLines = Lines(b, bFrom, bTo, keys, out var bLineIds);
        var lineMatches = new List<Match>();
        if (!MyersDiff.TryAlign(aLineIds, bLineIds, LineBudget, 0, 0, lineMatches) || lineMatches.Count == 0)
        {
            return false;
        }
        int aLine = 0, bLine = 0;
        foreach (var match in lineMatches)
        {
            if (match.A > aLine && match.B > bLine)
            {
                AlignRange(a, b, aLines[aLine], aLines[match.A], bLines[bLine], bLines[match.B], lineFallback: false, matches);
            }
            var aStart = aLines[match.A];
            matches.Add(new Match(aStart, bLines[match.B], aLines[match.A + match.Length] - aStart));
            aLine = match.A + match.Length;
            bLine = match.B + match.Length;
        }
        if (aLine < aLineIds.Length && bLine < bLineIds.Length)
        {
            AlignRange(a, b, aLines[aLine], aTo, bLines[bLine], bTo, lineFallback: false, matches);
        }
        return true;
    }

    /// <summary>Line starts (unit indexes, with the end appended) of [from, to); a line ends after a unit holding a line feed.</summary>
    private static int[] Lines(TokenSequence sequence, int from, int to, Dictionary<string, int> keys, out int[] lineIds)
    {
        var starts = new List<int> { from };
        for (var i = from; i < to; i++)
        {
            if (i + 1 < to && sequence.Slice(i, i + 1).Contains('\n'))
            {
                starts.Add(i + 1);
            }
        }
        starts.Add(to);
        lineIds = new int[starts.Count - 1];
        var key = new System.Text.StringBuilder();
        for (var line = 0; line < lineIds.Length; line++)
        {
            key.Clear();
            for (var i = starts[line]; i < starts[line + 1]; i++)
            {
                key.Append((char)(sequence.Ids[i] >> 16)).Append((char)(sequence.Ids[i] & 0xFFFF));
            }
            var text = key.ToString();
            if (!keys.TryGetValue(text, out var id))
            {
                id = keys.Count;
                keys[text] = id;
            }
            lineIds[line] = id;
        }
        return [.. starts];
    }
}
