using EventWorkbench.Web.Features.Review;

namespace EventWorkbench.Web.Tests.Review;

public sealed class UnchangedFoldTests
{
    private static readonly string Code = string.Join("\n", Enumerable.Range(1, 10).Select(n => $"    line_{n} = compute({n})")) + "\n";

    [Fact]
    public void Code_folds_whole_lines_keeping_two_either_side_with_the_button_on_a_line_of_its_own()
    {
        var fold = UnchangedFold.Of(Code, byLines: true).ShouldNotBeNull();

        Code[..fold.HeadEnd].ShouldBe("    line_1 = compute(1)\n    line_2 = compute(2)\n");
        Code[fold.TailStart..].ShouldBe("\n    line_10 = compute(10)\n");
        (fold.Hidden, fold.Unit).ShouldBe((7, "unchanged lines"));
        Code[fold.HeadEnd..fold.TailStart].Split('\n').Length.ShouldBe(7);
    }

    [Fact]
    public void A_few_unchanged_lines_of_code_stay_whole_instead_of_being_cut_mid_line()
    {
        var text = "    rows = conn.execute(query, {\"segment\": segment, \"since\": since})\n    # the driver binds the parameters\n    return [Row(*r) for r in rows]\n";

        UnchangedFold.Of(text, byLines: true).ShouldBeNull();
        UnchangedFold.Of(text, byLines: false).ShouldNotBeNull(); // prose would fold it by words
    }

    [Fact]
    public void A_long_single_line_folds_by_words_whatever_the_content()
    {
        var paragraph = string.Join(" ", Enumerable.Repeat("unchanged", 30));

        var fold = UnchangedFold.Of(paragraph, byLines: true).ShouldNotBeNull();

        fold.Unit.ShouldBe("unchanged words");
        paragraph[..fold.HeadEnd].ShouldNotEndWith("unchang");
        fold.Hidden.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Short_runs_are_never_folded()
    {
        UnchangedFold.Of("a short run", byLines: false).ShouldBeNull();
        UnchangedFold.Of("a\nshort\nrun\n", byLines: true).ShouldBeNull();
    }
}
