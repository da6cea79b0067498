using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

/// <summary>The diff, its metrics and categories on ordinary text.</summary>
public sealed class DeltaEngineTests
{
    [Fact]
    public void Empty_vs_empty_has_no_ops_similarity_1_and_is_unchanged()
    {
        var delta = DeltaEngine.Compare("", "");

        delta.Ops.ShouldBeEmpty();
        delta.Similarity.ShouldBe(1);
        delta.EditDistance.ShouldBe(0);
        delta.Category.ShouldBe(EditCategory.Unchanged);
        delta.JsonChanges.ShouldBeEmpty();
    }

    [Fact]
    public void Empty_vs_text_is_one_insert_counting_every_word()
    {
        var delta = DeltaEngine.Compare("", "Hello there, world");

        delta.Ops.Spell().ShouldBe("{+Hello there, world+}");
        delta.Ops.Single().Chars.ShouldBeEmpty();
        delta.WordsInserted.ShouldBe(3);
        delta.WordsDeleted.ShouldBe(0);
        delta.EditDistance.ShouldBe(3);
        delta.Similarity.ShouldBe(0);
        delta.Category.ShouldBe(EditCategory.SubstantialRewrite);
    }

    [Fact]
    public void Text_vs_empty_is_one_delete()
    {
        var delta = DeltaEngine.Compare("Hello there", "");

        delta.Ops.Spell().ShouldBe("[-Hello there-]");
        delta.WordsDeleted.ShouldBe(2);
        delta.ShouldRoundTrip("Hello there", "");
    }

    [Fact]
    public void Identical_texts_are_one_equal_run_and_unchanged()
    {
        const string text = "Thanks for reaching out.\n\nYour refund was issued today.";

        var delta = DeltaEngine.Compare(text, text);

        delta.Ops.ShouldHaveSingleItem().ShouldBe(new DeltaSpan(DeltaOp.Equal, text, delta.Ops[0].Chars));
        delta.Similarity.ShouldBe(1);
        delta.Category.ShouldBe(EditCategory.Unchanged);
    }

    [Fact]
    public void Markup_shared_between_two_changes_joins_them_instead_of_interleaving()
    {
        const string before = "<li><a href=\"/help\">Help</a></li>";
        const string after = "<li><a href=\"/support\">Support</a></li>";

        var delta = DeltaEngine.Compare(before, after);

        delta.Ops.Spell().ShouldBe("<li><a href=\"/[-help\">Help-]{+support\">Support+}</a></li>");
        delta.ShouldRoundTrip(before, after);
        (delta.WordsDeleted, delta.WordsInserted).ShouldBe((2, 2));
    }

    [Fact]
    public void Words_and_line_breaks_between_changes_stay_kept()
    {
        var delta = DeltaEngine.Compare("alpha, beta: gamma\n- delta", "omega, beta: sigma\n- tau");

        delta.Ops.Spell().ShouldBe("[-alpha-]{+omega+}, beta: [-gamma-]{+sigma+}\n- [-delta-]{+tau+}");
    }

    [Fact]
    public void Removing_invisible_control_and_bidi_characters_is_a_formatting_change_not_a_rewrite()
    {
        const string before = "Pay to account \u202E1234-5678\u202C today.\u0007";
        const string after = "Pay to account 1234-5678 today.";

        var delta = DeltaEngine.Compare(before, after);

        (delta.WordsDeleted, delta.WordsInserted, delta.Category).ShouldBe((0, 0, EditCategory.Formatting));
        delta.ShouldRoundTrip(before, after);
    }

    [Fact]
    public void Whitespace_only_changes_show_as_changes_and_are_formatting()
    {
        const string before = "Dear Ana,\nthe order  ships today.";
        const string after = "Dear Ana,\n\nthe order ships today. ";

        var delta = DeltaEngine.Compare(before, after);

        delta.Ops.ShouldContain(span => span.Op != DeltaOp.Equal);
        delta.ShouldRoundTrip(before, after);
        delta.EditDistance.ShouldBe(0);
        delta.Similarity.ShouldBe(1);
        delta.Category.ShouldBe(EditCategory.Formatting);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_moved_double_space_changes_no_word(bool ignoreWhitespace)
    {
        var delta = DeltaEngine.Compare("a  b c d e f g h i j", "a b  c d e f g h i j", ignoreWhitespace: ignoreWhitespace);

        (delta.EditDistance, delta.WordsDeleted, delta.WordsInserted).ShouldBe((0, 0, 0));
        delta.Similarity.ShouldBe(1);
        delta.Category.ShouldBe(EditCategory.Formatting);
    }

    [Theory]
    [InlineData("your ships, ships. is order we we  the, thanks  refund  today ", "thanks  ships,  ships.  is  order  we  we    the,  thanks    refund    today  ")]
    [InlineData("Hi Ana,\nyour order ships today.", "Hello  Ana ,\n\n your  parcel ships\ttoday !")]
    public void Metrics_and_category_are_the_same_whether_whitespace_is_ignored_or_not(string before, string after)
    {
        var kept = DeltaEngine.Compare(before, after);
        var ignored = DeltaEngine.Compare(before, after, ignoreWhitespace: true);

        (kept.EditDistance, kept.WordsDeleted, kept.WordsInserted).ShouldBe((ignored.EditDistance, ignored.WordsDeleted, ignored.WordsInserted));
        kept.Similarity.ShouldBe(ignored.Similarity);
        kept.Category.ShouldBe(ignored.Category);
        kept.ShouldRoundTrip(before, after);
    }

    [Fact]
    public void Only_the_changed_word_counts_when_every_space_is_doubled_too()
    {
        var delta = DeltaEngine.Compare(
            "your ships, ships. is order we we  the, thanks  refund  today ",
            "thanks  ships,  ships.  is  order  we  we    the,  thanks    refund    today  ");

        (delta.EditDistance, delta.WordsDeleted, delta.WordsInserted).ShouldBe((1, 1, 1));
        delta.Similarity.ShouldBe(1 - 1 / 11.0, 1e-9);
        delta.Category.ShouldBe(EditCategory.MinorWording);
    }

    [Fact]
    public void A_symbol_kept_between_two_changes_counts_as_kept_though_the_ops_join_the_changes()
    {
        const string before = "one two three four five six seven eight nine a + b";
        const string after = "one two three four five six seven eight nine c + d";

        var delta = DeltaEngine.Compare(before, after);

        delta.Ops.Spell().ShouldBe("one two three four five six seven eight nine [-a + b-]{+c + d+}");
        (delta.EditDistance, delta.WordsDeleted, delta.WordsInserted).ShouldBe((2, 2, 2));
        delta.Similarity.ShouldBe(1 - 2 / 12.0, 1e-9);
    }

    [Fact]
    public void An_emoji_kept_between_two_changes_counts_as_a_kept_word()
    {
        var delta = DeltaEngine.Compare("I ❤️ cats", "We ❤️ dogs");

        (delta.EditDistance, delta.WordsDeleted, delta.WordsInserted).ShouldBe((2, 2, 2));
        delta.Similarity.ShouldBe(1 / 3.0, 1e-9);
    }

    [Fact]
    public void Whitespace_only_changes_become_equal_when_whitespace_is_ignored()
    {
        const string before = "  Dear Ana,\nthe order  ships today.";
        const string after = "Dear   Ana,\n\nthe order ships\ttoday. ";

        var delta = DeltaEngine.Compare(before, after, ignoreWhitespace: true);

        delta.Ops.ShouldAllBe(span => span.Op == DeltaOp.Equal);
        string.Concat(delta.Ops.Select(span => span.Text)).ShouldBe(after);
        delta.Category.ShouldBe(EditCategory.Formatting);
    }

    [Fact]
    public void Ignoring_whitespace_keeps_real_changes_and_the_after_text()
    {
        const string before = "the order  ships today";
        const string after = "the order ships\ntomorrow";

        var delta = DeltaEngine.Compare(before, after, ignoreWhitespace: true);

        delta.Ops.Spell().ShouldBe("the order ships\n[-today-]{+tomorrow+}");
        string.Concat(delta.Ops.Where(span => span.Op != DeltaOp.Delete).Select(span => span.Text)).ShouldBe(after);
        delta.EditDistance.ShouldBe(1);
    }

    [Fact]
    public void Whitespace_only_texts_compare_equal_when_whitespace_is_ignored()
    {
        var delta = DeltaEngine.Compare("   ", "\n", ignoreWhitespace: true);

        delta.Ops.ShouldHaveSingleItem().Op.ShouldBe(DeltaOp.Equal);
        delta.Ops[0].Text.ShouldBe("\n");
        delta.Category.ShouldBe(EditCategory.Formatting);
    }

    [Fact]
    public void Reordered_sentences_round_trip_and_count_the_moved_sentence_once_each_way()
    {
        const string before = "We shipped your order. It arrives Monday. Call us anytime.";
        const string after = "It arrives Monday. We shipped your order. Call us anytime.";

        var delta = DeltaEngine.Compare(before, after);

        delta.ShouldRoundTrip(before, after);
        delta.ShouldNotSplitGraphemes(before, after);
        delta.Ops.Where(span => span.Op == DeltaOp.Equal).ShouldContain(span => span.Text.Contains("Call us anytime.", StringComparison.Ordinal));
        delta.WordsInserted.ShouldBe(delta.WordsDeleted);
        delta.WordsInserted.ShouldBeInRange(3, 4);
        delta.Category.ShouldBe(EditCategory.SubstantialRewrite);
    }

    [Fact]
    public void A_single_replaced_word_is_a_delete_then_insert_with_character_level_runs_inside()
    {
        var delta = DeltaEngine.Compare("The quick brown fox", "The quick brawn fox");

        delta.Ops.Spell().ShouldBe("The quick [-brown-]{+brawn+} fox");
        var chars = delta.Ops[1].Chars;
        chars.Spell().ShouldBe("br[-o-]{+a+}wn");
        delta.Ops[2].Chars.ShouldBeSameAs(chars);
        delta.Ops[0].Chars.ShouldBeEmpty();
        delta.EditDistance.ShouldBe(1);
        delta.WordsInserted.ShouldBe(1);
        delta.WordsDeleted.ShouldBe(1);
        delta.Similarity.ShouldBe(0.75);
    }

    [Fact]
    public void Adjacent_replaced_words_form_one_replaced_run_but_paragraph_breaks_stay_equal()
    {
        var delta = DeltaEngine.Compare("a quick brown fox\n\nends here", "a slow red fox\n\nends there");

        delta.Ops.Spell().ShouldBe("a [-quick brown-]{+slow red+} fox\n\nends [-here-]{+there+}");
        delta.EditDistance.ShouldBe(3);
    }

    [Fact]
    public void Category_identical_text_is_unchanged()
    {
        DeltaEngine.Compare("Refund issued.", "Refund issued.").Category.ShouldBe(EditCategory.Unchanged);
    }

    [Fact]
    public void Category_whitespace_punctuation_markup_and_case_only_changes_are_formatting()
    {
        var delta = DeltaEngine.Compare("**Refund issued** - thanks, Ana", "Refund issued. Thanks Ana!\n");

        delta.Category.ShouldBe(EditCategory.Formatting);
        delta.Similarity.ShouldBeLessThan(1); // the case change still counts as an edited word
    }

    [Fact]
    public void Category_changed_symbols_are_words_not_formatting()
    {
        DeltaEngine.Compare("Total: $100", "Total: €100").Category.ShouldNotBe(EditCategory.Formatting);
    }

    [Fact]
    public void Category_similarity_at_the_threshold_is_minor_wording()
    {
        var delta = DeltaEngine.Compare("one two three four five", "one two six four five");

        delta.Similarity.ShouldBe(EditCategories.MinorWordingMinSimilarity, 1e-9);
        delta.Category.ShouldBe(EditCategory.MinorWording);
    }

    [Fact]
    public void Category_similarity_below_the_threshold_is_a_substantial_rewrite()
    {
        var delta = DeltaEngine.Compare("one two three four five", "one two six seven five");

        delta.Similarity.ShouldBe(0.6, 1e-9);
        delta.Category.ShouldBe(EditCategory.SubstantialRewrite);
    }

    [Fact]
    public void Category_structural_change_never_applies_to_text()
    {
        var delta = DeltaEngine.Compare("{\"a\":1}", "{\"a\":1,\"b\":2}");

        delta.Category.ShouldNotBe(EditCategory.StructuralChange);
        delta.JsonChanges.ShouldBeEmpty();
    }
}
