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
    public static bool TryAlign(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int maxD, int aOffset, int bOffset, List<Match> matches)
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
                    return true;
                }
            }
            trace.Add(v[(offset - d)..(offset + d + 1)]);
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
