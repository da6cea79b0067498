using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

/// <summary><see cref="DeltaEngine.Measure"/> (what the projections store) gives the numbers of <see cref="DeltaEngine.Compare"/> without its ops.</summary>
public sealed class DeltaMeasureTests
{
    public static TheoryData<string, string, bool> Pairs => new()
    {
        { "", "", false },
        { "", "one two", false },
        { "one two", "", false },
        { "The refund is on its way.", "The refund is on its way.", false },
        { "The refund is on its way.", "the refund is on its way!", false },
        { "The refund is on its way.", "The refund was sent today.", false },
        { "quick brown fox", "slow red fox", false },
        { "Ünïcödé 👩‍👩‍👧 text", "Ünïcödé 👩‍👩‍👧 texts", false },
        { """{"a": 1, "b": [1, 2]}""", """{"b": [1, 2], "a": 1.0}""", true },
        { """{"a": 1, "b": [1, 2]}""", """{"a": 1, "b": [1, 2, 3]}""", true },
        { """{"reply": "we will refund you"}""", """{"reply": "we will refund you today"}""", true },
        { """{"reply": "we will refund you"}""", "not json at all", true },
        { "not json", "still not json", true },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Measure_equals_the_metrics_and_category_of_compare(string before, string after, bool isJson)
    {
        var compared = DeltaEngine.Compare(before, after, isJson);
        DeltaEngine.Measure(before, after, isJson).ShouldBe(new DeltaMetrics(
            compared.EditDistance, compared.Similarity, compared.WordsInserted, compared.WordsDeleted, compared.Category));
    }

    [Fact]
    public void Measure_equals_compare_over_long_generated_edits()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var before = SampleText.Build(400 + seed * 150, seed);
            var after = SampleText.Edit(before, seed + 1000, everyNthWord: 2 + seed % 9);
            var compared = DeltaEngine.Compare(before, after);
            var measured = DeltaEngine.Measure(before, after);
            measured.ShouldBe(new DeltaMetrics(compared.EditDistance, compared.Similarity, compared.WordsInserted, compared.WordsDeleted, compared.Category),
                $"seed {seed}");
        }
    }
}
