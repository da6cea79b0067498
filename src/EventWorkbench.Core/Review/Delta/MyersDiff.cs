namespace EventWorkbench.Review.Delta;

/// <summary>A run of equal items: a[A..A+Length) equals b[B..B+Length).</summary>
internal readonly record struct Match(int A, int B, int Length);

/// <summary>
/// Myers' O(ND) shortest edit script over integer ids, with a budget on D: beyond it the caller falls back to a
/// coarser alignment instead of paying O(D²) memory and O((N+M)·D) time.
/// </summary>
internal static class MyersDiff
{
    /// <summary>Appends the matched runs, shifted by the offsets, in order. False (nothing appended) when D &gt; maxD.</summary>
    public static bool TryAlign(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int maxD, int aOffset, int bOffset, List<Match> matches) =>
        Run(a, b, maxD, aOffset, bOffset, matches, partial: false, out _, out _);

    /// <summary>
    /// Aligns any two sequences in bounded steps: each step runs Myers with the budget and, when it is not enough,
    /// keeps the optimal path to the furthest point it reached and continues from there (the classic "too
    /// expensive" heuristic): O((N+M)·maxD) time, O(maxD²) memory, a near-minimal script.
    /// </summary>
    public static void AlignInSteps(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int maxD, int aOffset, int bOffset, List<Match> matches)
    {
        int aAt = 0, bAt = 0;
        while (aAt < a.Length && bAt < b.Length
            && !Run(a[aAt..], b[bAt..], maxD, aOffset + aAt, bOffset + bAt, matches, partial: true, out var reachedA, out var reachedB))
        {
            if (reachedA + reachedB == 0)
            {
                return; // no progress possible (cannot happen on the grid, but never loop): the rest is one change
            }
            aAt += reachedA;
            bAt += reachedB;
        }
    }

    private static bool Run(
        ReadOnlySpan<int> a, ReadOnlySpan<int> b, int maxD, int aOffset, int bOffset, List<Match> matches, bool partial, out int reachedA, out int reachedB)
    {
        int n = a.Length, m = b.Length;
        var limit = Math.Min(n + m, maxD);
        var offset = limit + 1;
        var v = new int[2 * limit + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= limit; d++)
        {
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    Backtrack(trace, d, n, m, aOffset, bOffset, matches);
                    reachedA = n;
                    reachedB = m;
                    return true;
                }
            }
            trace.Add(v[(offset - d)..(offset + d + 1)]);
        }
        reachedA = reachedB = 0;
        if (partial)
        {
            // The furthest on-grid point after `limit` edits; each step advances x + y by at least the budget.
            var best = int.MinValue;
            for (var k = -limit; k <= limit; k += 2)
            {
                var x = v[offset + k];
                var y = x - k;
                if (x <= n && y >= 0 && y <= m && x + y > best)
                {
                    best = x + y;
                    reachedA = x;
                    reachedB = y;
                }
            }
            Backtrack(trace, limit, reachedA, reachedB, aOffset, bOffset, matches);
        }
        return false;
    }

    private static void Backtrack(List<int[]> trace, int distance, int x, int y, int aOffset, int bOffset, List<Match> matches)
    {
        var reversed = new List<Match>();
        for (var d = distance; d > 0; d--)
        {
            var previous = trace[d - 1];
            var k = x - y;
            var down = k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1]);
            var previousK = down ? k + 1 : k - 1;
            var previousX = previous[previousK + d - 1];
            var previousY = previousX - previousK;
            var snakeX = down ? previousX : previousX + 1;
            var snakeY = down ? previousY + 1 : previousY;
            if (x > snakeX)
            {
                reversed.Add(new Match(snakeX + aOffset, snakeY + bOffset, x - snakeX));
            }
            x = previousX;
            y = previousY;
        }
        if (x > 0)
        {
            reversed.Add(new Match(aOffset, bOffset, x));
        }
        reversed.Reverse();
        matches.AddRange(reversed);
    }
}
