using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

/// <summary>Character-level highlights only inside lightly changed words; a rewritten word shows whole.</summary>
public sealed class DeltaHighlightTests
{
    [Theory]
    [InlineData("Please recieve the parcel.", "Please receive the parcel.", "rec[-i-]e{+i+}ve")]          // a typo
    [InlineData("Annual fees of 221000 EUR.", "Annual fees of 221500 EUR.", "221[-0-]{+5+}00")]            // a digit of a number
    [InlineData("Either party may terminate it.", "Either party may termination it.", "terminat[-e-]{+ion+}")] // a suffix
    [InlineData("The Customer shall pay.", "The customer shall pay.", "[-C-]{+c+}ustomer")]                // a letter's case
    public void A_lightly_changed_word_gets_character_level_highlights(string before, string after, string expected)
    {
        var delta = DeltaEngine.Compare(before, after);

        var replaced = delta.Ops.Single(span => span.Op == DeltaOp.Delete);
        replaced.Chars.Spell().ShouldBe(expected);
        delta.ShouldRoundTrip(before, after);
        delta.ShouldNotSplitGraphemes(before, after);
    }

    [Theory]
    [InlineData("You may terminate this Agreement today.", "You may terminate this Effective today.")]
    [InlineData("on ninety days' notice", "on thirty days' notice")]
    [InlineData("within 90 days", "within 30 days")]
    [InlineData("a liability cap of 24 months", "a liability cap of 12 months")]
    [InlineData("Either party may terminate.", "The Customer may terminate.")]
    public void A_rewritten_word_is_deleted_and_inserted_whole_without_character_highlights(string before, string after)
    {
        var delta = DeltaEngine.Compare(before, after);

        delta.Ops.Where(span => span.Op != DeltaOp.Equal).ShouldNotBeEmpty();
        delta.Ops.ShouldAllBe(span => span.Chars.Count == 0);
        delta.ShouldRoundTrip(before, after);
    }

    [Fact]
    public void In_a_run_with_a_light_change_and_a_rewrite_only_the_light_word_is_highlighted_by_character()
    {
        var delta = DeltaEngine.Compare("The Customer shall pay all Fees.", "The customer must pay all Fees.");

        delta.Ops.Spell().ShouldBe("The [-Customer shall-]{+customer must+} pay all Fees.");
        delta.Ops[1].Chars.Spell().ShouldBe("[-C-]{+c+}ustomer [-shall-]{+must+}");
        delta.Ops[2].Chars.ShouldBeSameAs(delta.Ops[1].Chars);
    }

    [Fact]
    public void The_metrics_do_not_depend_on_the_highlights()
    {
        var light = DeltaEngine.Compare("one two three four five", "one two thre four five");
        var rewrite = DeltaEngine.Compare("one two three four five", "one two seven four five");

        (light.EditDistance, light.WordsDeleted, light.WordsInserted).ShouldBe((1, 1, 1));
        (rewrite.EditDistance, rewrite.WordsDeleted, rewrite.WordsInserted).ShouldBe((1, 1, 1));
        light.Similarity.ShouldBe(rewrite.Similarity);
        light.Ops[1].Chars.ShouldNotBeEmpty();
        rewrite.Ops[1].Chars.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("brown", "brawn", true)]    // 0.8
    [InlineData("three", "there", true)]    // 0.6, the threshold
    [InlineData("ninety", "thirty", false)] // 0.33
    [InlineData("90", "30", false)]         // 0.5
    [InlineData("pay", "paid", false)]      // 0.5
    [InlineData("QUERY", "query", false)]   // every letter changed
    public void A_word_pair_is_a_light_change_from_the_similarity_threshold_on(string before, string after, bool light)
    {
        (CharacterDiff.LightChange(before, after) is not null).ShouldBe(light);
    }

    [Fact]
    public void A_long_contract_clause_rewritten_shows_its_rewritten_words_whole()
    {
        const string before = "Either party may terminate this Agreement for convenience on ninety (90) days' written notice, " +
            "but not so as to take effect before the end of the Initial Term.";
        const string after = "The Customer may terminate for convenience on thirty (30) days' written notice after the first " +
            "anniversary of the Effective Date.";

        var delta = DeltaEngine.Compare(before, after);

        var pieces = delta.Ops.Where(span => span.Op != DeltaOp.Equal).SelectMany(span => span.Chars.Count > 0 ? span.Chars : [span]);
        pieces.Where(piece => piece.Op == DeltaOp.Delete).ShouldAllBe(piece => piece.Text.Trim().Length > 1); // no crumbs like "ee" or "nt"
        delta.ShouldRoundTrip(before, after);
        delta.ShouldNotSplitGraphemes(before, after);
    }
}
