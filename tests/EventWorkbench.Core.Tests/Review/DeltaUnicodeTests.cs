using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

/// <summary>Whatever the script, the ops spell both texts back and never split a character.</summary>
public sealed class DeltaUnicodeTests
{
    [Fact]
    public void Emoji_and_zwj_sequences_are_never_split()
    {
        const string before = "Great job 👍🏽 team 👨‍👩‍👧‍👦 and 🇩🇪🇫🇷!";
        const string after = "Great job 👍🏿 team 👨‍👩‍👧 and 🇩🇪🇮🇹!";

        var delta = DeltaEngine.Compare(before, after);

        delta.ShouldRoundTrip(before, after);
        delta.ShouldNotSplitGraphemes(before, after);
        delta.Ops.Where(span => span.Op == DeltaOp.Delete).Select(span => span.Text).ShouldBe(["👍🏽", "👨‍👩‍👧‍👦", "🇫🇷"]);
        delta.Ops.Where(span => span.Op == DeltaOp.Insert).Select(span => span.Text).ShouldBe(["👍🏿", "👨‍👩‍👧", "🇮🇹"]);
        delta.EditDistance.ShouldBe(3);
    }

    [Fact]
    public void Each_cjk_ideograph_is_one_word()
    {
        const string before = "我喜欢猫。今天天气很好";
        const string after = "我喜欢狗。今天天气很好";

        var delta = DeltaEngine.Compare(before, after);

        delta.Ops.Spell().ShouldBe("我喜欢[-猫-]{+狗+}。今天天气很好");
        delta.EditDistance.ShouldBe(1);
        delta.Similarity.ShouldBe(1 - 1 / 10.0, 1e-9);
        delta.ShouldNotSplitGraphemes(before, after);
    }

    [Fact]
    public void Combining_marks_stay_with_their_base_letter()
    {
        const string before = "un cafe\u0301 noir";
        const string after = "un cafe noir";

        var delta = DeltaEngine.Compare(before, after);

        delta.Ops.Spell().ShouldBe("un [-cafe\u0301-]{+cafe+} noir");
        delta.Ops[1].Chars.Spell().ShouldBe("caf[-e\u0301-]{+e+}");
        delta.ShouldNotSplitGraphemes(before, after);
    }

    [Theory]
    [InlineData("שלום עולם, מה שלומך היום?", "שלום עולם, מה נשמע היום?")]
    [InlineData("مَرْحَبًا بِكُمْ فِي الْمَتْجَرِ الْيَوْمَ", "مَرْحَبًا بِكِ فِي الْمَتْجَرِ الْيَوْمَ")]
    [InlineData("\u202Bשלום\u202C hello dear friend עולם", "\u202Bשלום\u202C hallo dear friend עולם")] // the embedding marks are not words
    public void Right_to_left_text_round_trips_without_splitting_graphemes(string before, string after)
    {
        var delta = DeltaEngine.Compare(before, after);

        delta.ShouldRoundTrip(before, after);
        delta.ShouldNotSplitGraphemes(before, after);
        delta.EditDistance.ShouldBe(1);
        delta.Category.ShouldBe(EditCategory.MinorWording);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_edits_of_mixed_script_text_always_round_trip(bool ignoreWhitespace)
    {
        string[] pieces = ["word", "Wört", "e\u0301", "猫", "好", "👍🏽", "👨‍👩‍👧", "🇩🇪", "שלום", "مَرْحَبًا", " ", "  ", "\n", "\r\n", ",", ".", "!", "$", "€", "x"];
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var before = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            var after = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            if (random.Next(2) == 0)
            {
                after = before + after[..(after.Length / 2)];
            }

            var delta = DeltaEngine.Compare(before, after, ignoreWhitespace: ignoreWhitespace);

            delta.Similarity.ShouldBeInRange(0, 1);
            if (ignoreWhitespace)
            {
                string.Concat(delta.Ops.Where(span => span.Op != DeltaOp.Delete).Select(span => span.Text)).ShouldBe(after);
                var beforeAgain = string.Concat(delta.Ops.Where(span => span.Op != DeltaOp.Insert).Select(span => span.Text));
                string.Concat(beforeAgain.Where(c => !char.IsWhiteSpace(c))).ShouldBe(string.Concat(before.Where(c => !char.IsWhiteSpace(c))));
            }
            else
            {
                delta.ShouldRoundTrip(before, after);
                delta.ShouldNotSplitGraphemes(before, after);
            }
        }
    }
}
