using System.Globalization;
using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

internal static class DeltaAssertions
{
    /// <summary>Equal+Delete spell <paramref name="before"/>, Equal+Insert spell <paramref name="after"/>, no span is empty.</summary>
    public static void ShouldRoundTrip(this TextDelta delta, string before, string after)
    {
        delta.Ops.ShouldAllBe(span => span.Text.Length > 0);
        string.Concat(delta.Ops.Where(span => span.Op != DeltaOp.Insert).Select(span => span.Text)).ShouldBe(before);
        string.Concat(delta.Ops.Where(span => span.Op != DeltaOp.Delete).Select(span => span.Text)).ShouldBe(after);
    }

    /// <summary>Every span (and every character-level span inside it) starts and ends on a grapheme boundary.</summary>
    public static void ShouldNotSplitGraphemes(this TextDelta delta, string before, string after)
    {
        ShouldCutAtBoundaries(delta.Ops.Where(span => span.Op != DeltaOp.Insert), before);
        ShouldCutAtBoundaries(delta.Ops.Where(span => span.Op != DeltaOp.Delete), after);
        foreach (var span in delta.Ops.Where(span => span.Chars.Count > 0))
        {
            var hidden = span.Op == DeltaOp.Delete ? DeltaOp.Insert : DeltaOp.Delete;
            var inside = span.Chars.Where(part => part.Op != hidden).ToList();
            string.Concat(inside.Select(part => part.Text)).ShouldBe(span.Text);
            ShouldCutAtBoundaries(inside, span.Text);
        }
    }

    private static void ShouldCutAtBoundaries(IEnumerable<DeltaSpan> spans, string text)
    {
        var boundaries = StringInfo.ParseCombiningCharacters(text).Append(text.Length).ToHashSet();
        var position = 0;
        foreach (var span in spans)
        {
            position += span.Text.Length;
            boundaries.ShouldContain(position, $"a span ending at {position} splits a grapheme of \"{text}\"");
        }
    }

    public static string Spell(this IEnumerable<DeltaSpan> spans) =>
        string.Concat(spans.Select(span => span.Op switch
        {
            DeltaOp.Insert => "{+" + span.Text + "+}",
            DeltaOp.Delete => "[-" + span.Text + "-]",
            _ => span.Text,
        }));
}
