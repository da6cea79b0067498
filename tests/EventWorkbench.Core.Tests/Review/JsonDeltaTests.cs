using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

public sealed class JsonDeltaTests
{
    [Fact]
    public void Reordered_nested_keys_alone_are_unchanged_for_json()
    {
        const string before = """{"customer":{"name":"Ana","tier":"gold"},"items":[{"sku":"A1","qty":2}],"total":10}""";
        const string after = """{"total":10,"items":[{"qty":2,"sku":"A1"}],"customer":{"tier":"gold","name":"Ana"}}""";

        var delta = DeltaEngine.Compare(before, after, isJson: true);

        delta.JsonChanges.ShouldBeEmpty();
        delta.Category.ShouldBe(EditCategory.Unchanged);
        delta.Similarity.ShouldBe(1);
        delta.EditDistance.ShouldBe(0);
        delta.ShouldRoundTrip(before, after);
    }

    [Fact]
    public void Reformatted_json_with_equal_numbers_is_unchanged()
    {
        var delta = DeltaEngine.Compare("""{"a":1.0,"b":[1,2],"c":"\u0041"}""", "{\n  \"a\": 1,\n  \"b\": [ 1, 2 ],\n  \"c\": \"A\"\n}", isJson: true);

        delta.JsonChanges.ShouldBeEmpty();
        delta.Category.ShouldBe(EditCategory.Unchanged);
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1e2", "100")]
    [InlineData("-0.0", "0")]
    [InlineData("2.50", "2.5")]
    [InlineData("12345678901234567890123456789012345", "1.2345678901234567890123456789012345e34")]
    public void Number_spelling_does_not_count_when_another_value_changes(string beforeNumber, string afterNumber)
    {
        var delta = DeltaEngine.Compare($$"""{"a":{{beforeNumber}},"b":"X"}""", $$"""{"a":{{afterNumber}},"b":"x"}""", isJson: true);

        delta.JsonChanges.ShouldHaveSingleItem().Path.ShouldBe("$.b");
        (delta.EditDistance, delta.WordsDeleted, delta.WordsInserted).ShouldBe((1, 1, 1)); // the case change
        delta.Category.ShouldBe(EditCategory.Formatting);
    }

    [Fact]
    public void Numbers_beyond_decimal_and_double_keep_their_spelling()
    {
        var delta = DeltaEngine.Compare("""{"a":1e400,"b":"ships today"}""", """{"a":1e400,"b":"ships tomorrow"}""", isJson: true);

        delta.JsonChanges.ShouldHaveSingleItem().Path.ShouldBe("$.b");
        delta.EditDistance.ShouldBe(1);
        delta.Similarity.ShouldBe(1 - 1 / 3.0, 1e-9);
    }

    [Fact]
    public void An_added_key_is_structural_with_its_path_and_compact_value()
    {
        var delta = DeltaEngine.Compare("""{"a":1}""", """{"a":1, "b": { "c": [1, 2], "d": "é" }}""", isJson: true);

        delta.JsonChanges.ShouldBe([new JsonChange("$.b", JsonChangeKind.Added, null, """{"c":[1,2],"d":"é"}""")]);
        delta.Category.ShouldBe(EditCategory.StructuralChange);
    }

    [Fact]
    public void A_removed_nested_key_is_structural()
    {
        var delta = DeltaEngine.Compare("""{"a":{"b":true,"c":null}}""", """{"a":{"b":true}}""", isJson: true);

        delta.JsonChanges.ShouldBe([new JsonChange("$.a.c", JsonChangeKind.Removed, "null", null)]);
        delta.Category.ShouldBe(EditCategory.StructuralChange);
    }

    [Fact]
    public void A_changed_value_in_an_array_of_objects_is_reported_by_path()
    {
        const string before = """{"items":[{"name":"a"},{"name":"b"},{"name":"old name"}]}""";
        const string after = """{"items":[{"name":"a"},{"name":"b"},{"name":"new name"}]}""";

        var delta = DeltaEngine.Compare(before, after, isJson: true);

        delta.JsonChanges.ShouldBe([new JsonChange("$.items[2].name", JsonChangeKind.Changed, "\"old name\"", "\"new name\"")]);
        delta.WordsInserted.ShouldBe(1);
        delta.WordsDeleted.ShouldBe(1);
    }

    [Fact]
    public void A_longer_array_is_structural_and_reports_the_added_items_by_index()
    {
        var delta = DeltaEngine.Compare("""{"tags":["a","b"]}""", """{"tags":["a","b","c","d"]}""", isJson: true);

        delta.JsonChanges.ShouldBe([
            new JsonChange("$.tags[2]", JsonChangeKind.Added, null, "\"c\""),
            new JsonChange("$.tags[3]", JsonChangeKind.Added, null, "\"d\""),
        ]);
        delta.Category.ShouldBe(EditCategory.StructuralChange);
    }

    [Fact]
    public void A_shorter_array_is_structural()
    {
        var delta = DeltaEngine.Compare("[1,2,3]", "[1,2]", isJson: true);

        delta.JsonChanges.ShouldBe([new JsonChange("$[2]", JsonChangeKind.Removed, "3", null)]);
        delta.Category.ShouldBe(EditCategory.StructuralChange);
    }

    [Fact]
    public void An_object_replaced_by_a_scalar_is_structural()
    {
        var delta = DeltaEngine.Compare("""{"a":{"b":1}}""", """{"a":"b"}""", isJson: true);

        delta.JsonChanges.ShouldBe([new JsonChange("$.a", JsonChangeKind.Changed, """{"b":1}""", "\"b\"")]);
        delta.Category.ShouldBe(EditCategory.StructuralChange);
    }

    [Fact]
    public void Keys_that_are_not_identifiers_use_bracket_paths()
    {
        var delta = DeltaEngine.Compare("""{"my key":1,"it's":2}""", """{"my key":3,"it's":4}""", isJson: true);

        delta.JsonChanges.Select(change => change.Path).ShouldBe(["$['it\\'s']", "$['my key']"]);
    }

    [Fact]
    public void A_value_only_change_with_high_value_similarity_is_minor_wording()
    {
        const string before = """{"id":7,"reply":"Thanks for your patience, your refund was issued today and arrives soon."}""";
        const string after = """{"id":7,"reply":"Thanks for your patience, your refund was issued yesterday and arrives soon."}""";

        var delta = DeltaEngine.Compare(before, after, isJson: true);

        delta.JsonChanges.ShouldHaveSingleItem().Path.ShouldBe("$.reply");
        delta.EditDistance.ShouldBe(1);
        delta.Similarity.ShouldBeGreaterThanOrEqualTo(EditCategories.MinorWordingMinSimilarity);
        delta.Category.ShouldBe(EditCategory.MinorWording);
    }

    [Fact]
    public void A_value_only_rewrite_is_substantial()
    {
        var delta = DeltaEngine.Compare("""{"reply":"We cannot refund this order"}""", """{"reply":"Refund approved, label attached"}""", isJson: true);

        delta.Category.ShouldBe(EditCategory.SubstantialRewrite);
    }

    [Fact]
    public void A_value_only_case_and_punctuation_change_is_formatting()
    {
        var delta = DeltaEngine.Compare("""{"title":"refund issued"}""", """{"title":"Refund issued."}""", isJson: true);

        delta.JsonChanges.ShouldHaveSingleItem().Kind.ShouldBe(JsonChangeKind.Changed);
        delta.Category.ShouldBe(EditCategory.Formatting);
    }

    [Fact]
    public void Json_metrics_count_values_not_keys_or_syntax()
    {
        var delta = DeltaEngine.Compare("""{"a":"one two","b":"three four five"}""", """{"b":"three four five","a":"one six"}""", isJson: true);

        delta.EditDistance.ShouldBe(1);
        delta.Similarity.ShouldBe(0.8, 1e-9);
    }

    [Theory]
    [InlineData("{\"a\":1", "{\"a\":2}")]
    [InlineData("{\"a\":1}", "not json at all")]
    [InlineData("", "{}")]
    public void Invalid_json_on_either_side_falls_back_to_text(string before, string after)
    {
        var delta = DeltaEngine.Compare(before, after, isJson: true);

        delta.JsonChanges.ShouldBeEmpty();
        delta.Category.ShouldNotBe(EditCategory.StructuralChange);
        delta.Category.ShouldBe(DeltaEngine.Compare(before, after).Category);
        delta.ShouldRoundTrip(before, after);
    }
}
