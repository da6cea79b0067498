using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

/// <summary>The delta laid out for a person: JSON one value per line, the metrics those of the plain comparison.</summary>
public sealed class DeltaReadingTests
{
    private const string Before = """{"counterparty":"Contoso Health Ltd","term":"36 months","fees":{"annual":221000,"currency":"EUR"},"autoRenewal":true,"deviations":["cap"]}""";
    private const string After = """{"counterparty":"Contoso Health Ltd","term":"24 months","fees":{"annual":221000,"currency":"EUR"},"autoRenewal":false,"deviations":[]}""";

    [Fact]
    public void Compact_json_is_diffed_one_value_per_line_indented_in_its_own_key_order()
    {
        var delta = DeltaEngine.CompareForReading(Before, After, isJson: true);

        var after = string.Concat(delta.Ops.Where(span => span.Op != DeltaOp.Delete).Select(span => span.Text));
        after.ShouldBe("""
            {
              "counterparty": "Contoso Health Ltd",
              "term": "24 months",
              "fees": {
                "annual": 221000,
                "currency": "EUR"
              },
              "autoRenewal": false,
              "deviations": []
            }
            """.ReplaceLineEndings("\n"));
        delta.Ops.Spell().ShouldContain("\"term\": \"[-36-]{+24+} months\",\n");
        delta.Ops.Spell().ShouldContain("\"autoRenewal\": [-true-]{+false+},\n");
    }

    [Fact]
    public void Laying_json_out_changes_neither_the_metrics_nor_the_json_changes()
    {
        var plain = DeltaEngine.Compare(Before, After, isJson: true);
        var read = DeltaEngine.CompareForReading(Before, After, isJson: true);

        (read.EditDistance, read.WordsInserted, read.WordsDeleted, read.Category).ShouldBe((plain.EditDistance, plain.WordsInserted, plain.WordsDeleted, plain.Category));
        read.Similarity.ShouldBe(plain.Similarity);
        read.JsonChanges.ShouldBe(plain.JsonChanges);
    }

    [Fact]
    public void Json_only_reformatted_reads_as_unchanged_text()
    {
        var delta = DeltaEngine.CompareForReading("""{"a":1,"b":[1,2]}""", "{\n    \"a\": 1,\n    \"b\": [ 1, 2 ]\n}", isJson: true);

        delta.Ops.ShouldAllBe(span => span.Op == DeltaOp.Equal);
        delta.Category.ShouldBe(EditCategory.Unchanged);
    }

    [Theory]
    [InlineData("""{"a":1}""", "not json {", false)]
    [InlineData("""{"a":1}""", """{"a":2}""", true)]
    public void Json_is_laid_out_only_when_both_sides_parse_and_it_is_json(string before, string after, bool laidOut)
    {
        var delta = DeltaEngine.CompareForReading(before, after, isJson: true);

        string.Concat(delta.Ops.Where(span => span.Op != DeltaOp.Insert).Select(span => span.Text)).ShouldBe(laidOut ? "{\n  \"a\": 1\n}" : before);
        DeltaEngine.CompareForReading(before, after, isJson: false).ShouldRoundTrip(before, after);
    }

    [Theory]
    [InlineData("""{"name":"Zoë","n":1.50}""", true, "{\n  \"name\": \"Zoë\",\n  \"n\": 1.50\n}")]
    [InlineData("""{"name":"Zoë"}""", false, """{"name":"Zoë"}""")]
    [InlineData("not json", true, "not json")]
    public void A_lone_text_is_laid_out_as_json_only_when_it_is_json(string text, bool isJson, string expected)
    {
        DeltaEngine.LayOutForReading(text, isJson).ShouldBe(expected);
    }
}
