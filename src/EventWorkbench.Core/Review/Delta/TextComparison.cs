namespace EventWorkbench.Review.Delta;

/// <summary>The word-level diff of two texts and its metrics.</summary>
internal sealed record TextComparison(
    IReadOnlyList<DeltaSpan> Ops, int EditDistance, int WordsInserted, int WordsDeleted, int WordsBefore, int WordsAfter, bool SameWordsIgnoringCase)
{
    /// <summary>Most units a run of punctuation and symbols may have to count as noise between two changes.</summary>
    private const int NoiseUnits = 3;

    public double Similarity
    {
        get
        {
            var words = Math.Max(WordsBefore, WordsAfter);
            return words == 0 ? 1 : Math.Clamp(1 - (double)EditDistance / words, 0, 1);
        }
    }

    /// <summary>Diffs two texts; <paramref name="buildSpans"/> false computes the metrics only.</summary>
    public static TextComparison Run(string before, string after, bool ignoreWhitespace, bool buildSpans)
    {
        var (a, b, aWords, bWords) = TokenSequence.Pair(before, after, ignoreWhitespace);
        var wordMatches = Alignment.Align(aWords, bWords);
        // The metrics come from the word alignment alone: per changed block, max(words deleted, words inserted).
        int aAt = 0, bAt = 0, distance = 0, inserted = 0, deleted = 0;
        foreach (var match in wordMatches.Append(new Match(aWords.Length, bWords.Length, 0)))
        {
            distance += Math.Max(match.A - aAt, match.B - bAt);
            deleted += match.A - aAt;
            inserted += match.B - bAt;
            aAt = match.A + match.Length;
            bAt = match.B + match.Length;
        }
        var ops = buildSpans ? Spans(a, b, Alignment.AlignAroundWords(a, b, wordMatches), ignoreWhitespace) : [];
        return new TextComparison(ops, distance, inserted, deleted, aWords.Length, bWords.Length, SameWords(a, b));
    }

    private static List<DeltaSpan> Spans(TokenSequence a, TokenSequence b, List<Match> matches, bool ignoreWhitespace)
    {
        var ops = new List<DeltaSpan>();
        if (ignoreWhitespace && b.Length == 0 && b.Text.Length > 0)
        {
            ops.Add(new DeltaSpan(DeltaOp.Equal, b.Text, []));
        }
        // Equal runs come from the after side when whitespace is ignored, so Equal+Insert is always `after`.
        var equalSource = ignoreWhitespace ? b : a;
        int aAt = 0, bAt = 0;
        int equalFrom = -1, equalTo = -1;
        foreach (var match in FoldNoiseBetweenChanges(a, b, matches).Append(new Match(a.Length, b.Length, 0)))
        {
            if (match.A > aAt || match.B > bAt)
            {
                FlushEqual(ref equalFrom, equalTo);
                AddChange(ops, a.Slice(aAt, match.A), b.Slice(bAt, match.B));
            }
            if (match.Length > 0)
            {
                var from = ignoreWhitespace ? match.B : match.A;
                equalFrom = equalFrom < 0 ? from : equalFrom;
                equalTo = from + match.Length;
            }
            aAt = match.A + match.Length;
            bAt = match.B + match.Length;
        }
        FlushEqual(ref equalFrom, equalTo);
        return ops;

        void FlushEqual(ref int from, int to)
        {
            if (from >= 0)
            {
                ops.Add(new DeltaSpan(DeltaOp.Equal, equalSource.Slice(from, to).ToString(), []));
            }
            from = -1;
        }
    }

    private static void AddChange(List<DeltaSpan> ops, ReadOnlySpan<char> deleted, ReadOnlySpan<char> inserted)
    {
        var (deletedText, insertedText) = (deleted.ToString(), inserted.ToString());
        var chars = deleted.IsEmpty || inserted.IsEmpty ? [] : CharacterDiff.Compare(deletedText, insertedText);
        if (!deleted.IsEmpty)
        {
            ops.Add(new DeltaSpan(DeltaOp.Delete, deletedText, chars));
        }
        if (!inserted.IsEmpty)
        {
            ops.Add(new DeltaSpan(DeltaOp.Insert, insertedText, chars));
        }
    }

    /// <summary>The formatting rule: the same words in the same order, ignoring case.</summary>
    private static bool SameWords(TokenSequence a, TokenSequence b)
    {
        var aWords = a.Tokens.Where(token => token.IsWord).GetEnumerator();
        var bWords = b.Tokens.Where(token => token.IsWord).GetEnumerator();
        while (true)
        {
            var aMore = aWords.MoveNext();
            if (aMore != bWords.MoveNext())
            {
                return false;
            }
            if (!aMore)
            {
                return true;
            }
            var aText = a.Text.AsSpan(aWords.Current.Start, aWords.Current.End - aWords.Current.Start);
            var bText = b.Text.AsSpan(bWords.Current.Start, bWords.Current.End - bWords.Current.Start);
            if (!aText.Equals(bText, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Keeps a matched run between two changes only when it carries meaning. A single-line whitespace run
    /// ("quick brown" to "slow red") or a short run of punctuation and symbols (the <c>&lt;</c>, <c>&gt;</c> and <c>"</c> that
    /// markup and code share everywhere) reads better as part of one replaced run than as kept crumbs between many
    /// small replacements; letter and digit words and line breaks always stay kept. Display only: the metrics come
    /// from the word alignment, where a folded symbol stays a kept word.
    /// </summary>
    private static List<Match> FoldNoiseBetweenChanges(TokenSequence a, TokenSequence b, List<Match> matches)
    {
        var kept = new List<Match>(matches.Count);
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            var previousEnd = kept.Count > 0 ? kept[^1] with { A = kept[^1].A + kept[^1].Length, B = kept[^1].B + kept[^1].Length } : default;
            var next = i + 1 < matches.Count ? matches[i + 1] : new Match(a.Length, b.Length, 0);
            var changeBefore = match.A > previousEnd.A || match.B > previousEnd.B;
            var changeAfter = next.A > match.A + match.Length || next.B > match.B + match.Length;
            if (!(changeBefore && changeAfter && IsNoise(a, match)))
            {
                kept.Add(match);
            }
        }
        return kept;
    }

    private static bool IsNoise(TokenSequence sequence, Match match)
    {
        var onlyWhitespace = true;
        for (var i = match.A; i < match.A + match.Length; i++)
        {
            var kind = sequence.Units[i].Kind;
            if (kind == TokenKind.Word)
            {
                return false;
            }
            onlyWhitespace &= kind == TokenKind.Whitespace;
        }
        return (onlyWhitespace || match.Length <= NoiseUnits) && !sequence.Slice(match.A, match.A + match.Length).ContainsAny('\n', '\r');
    }
}
