using EventWorkbench.Export;

namespace EventWorkbench.Tests.Export;

public sealed class SplitAssignmentTests
{
    private static readonly SplitRatios Ratios = new(0.8, 0.1, 0.1);

    [Fact]
    public void Over_many_seeds_a_stream_lands_in_one_split_and_keeps_it_when_more_streams_arrive()
    {
        for (var seed = 0L; seed < 500; seed++)
        {
            var first = Enumerable.Range(0, 200).Select(i => $"stream-{i}").ToList();
            var before = first.ToDictionary(id => id, id => SplitAssignment.Of(seed, id, Ratios));
            var grown = first.Concat(Enumerable.Range(200, 300).Select(i => $"stream-{i}")).Reverse().ToList();
            // Every row of a stream asks again, in any order, with more streams around it: same answer each time.
            foreach (var id in grown.Concat(first))
            {
                var split = SplitAssignment.Of(seed, id, Ratios);
                if (before.TryGetValue(id, out var earlier)) split.ShouldBe(earlier, $"seed {seed}, {id}");
            }
        }
    }

    [Fact]
    public void Shares_follow_the_ratios_and_seeds_give_different_assignments()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => $"s{i}").ToList();
        var counts = ids.GroupBy(id => SplitAssignment.Of(1, id, Ratios)).ToDictionary(g => g.Key, g => g.Count());

        (counts[DatasetSplit.Train] / 20_000.0).ShouldBe(0.8, 0.02);
        (counts[DatasetSplit.Validation] / 20_000.0).ShouldBe(0.1, 0.02);
        (counts[DatasetSplit.Test] / 20_000.0).ShouldBe(0.1, 0.02);
        ids.Count(id => SplitAssignment.Of(1, id, Ratios) != SplitAssignment.Of(2, id, Ratios)).ShouldBeGreaterThan(1000);
    }

    [Fact]
    public void A_ratio_of_one_puts_everything_in_that_split()
    {
        Enumerable.Range(0, 1000).ShouldAllBe(i => SplitAssignment.Of(i, $"s{i}", new SplitRatios(0, 0, 1)) == DatasetSplit.Test);
        Enumerable.Range(0, 1000).ShouldAllBe(i => SplitAssignment.Of(i, $"s{i}", new SplitRatios(1, 0, 0)) == DatasetSplit.Train);
    }

    [Theory]
    [InlineData(0.5, 0.5, 0.5, "the ratios must add up to 1")]
    [InlineData(1.5, -0.5, 0, "each ratio must be between 0 and 1")]
    [InlineData(double.NaN, 0.5, 0.5, "each ratio must be between 0 and 1")]
    public void Ratios_that_do_not_make_a_whole_are_a_problem(double train, double validation, double test, string problem) =>
        new SplitRatios(train, validation, test).Problem().ShouldBe(problem);
}
