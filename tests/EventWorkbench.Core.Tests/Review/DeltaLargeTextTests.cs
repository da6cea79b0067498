using EventWorkbench.Review.Delta;

namespace EventWorkbench.Tests.Review;

/// <summary>Large inputs finish and stay exact; their speed is measured by the benchmark harness (delta 20, delta 100).</summary>
public sealed class DeltaLargeTextTests
{
    [Fact]
    public void Hundred_kilobyte_texts_with_scattered_edits_complete_and_round_trip()
    {
        var before = SampleText.Build(100_000, seed: 1);
        var after = SampleText.Edit(before, seed: 2, everyNthWord: 40);

        var delta = DeltaEngine.Compare(before, after);

        delta.ShouldRoundTrip(before, after);
        delta.Category.ShouldBe(EditCategory.MinorWording);
    }

    [Fact]
    public void Hundred_kilobyte_texts_with_heavy_edits_complete_in_bounded_steps_and_keep_unchanged_runs()
    {
        var before = SampleText.Build(100_000, seed: 3);
        var after = SampleText.Edit(before, seed: 4, everyNthWord: 3);

        var delta = DeltaEngine.Compare(before, after);

        delta.ShouldRoundTrip(before, after);
        delta.Ops.Count(span => span.Op == DeltaOp.Equal).ShouldBeGreaterThan(100);
    }

    [Fact]
    public void Hundred_kilobyte_unrelated_texts_complete_as_a_replacement()
    {
        var before = SampleText.Build(100_000, seed: 5);
        var after = new string('x', 50_000) + " " + SampleText.Build(50_000, seed: 6).ToUpperInvariant();

        var delta = DeltaEngine.Compare(before, after);

        delta.ShouldRoundTrip(before, after);
        delta.Category.ShouldBe(EditCategory.SubstantialRewrite);
    }
}
