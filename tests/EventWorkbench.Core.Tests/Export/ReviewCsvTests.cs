using EventWorkbench.Export;
using EventWorkbench.Review;

namespace EventWorkbench.Tests.Export;

public sealed class ReviewCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("\0cmd", "'\0cmd")]
    [InlineData("plain, with comma", "\"plain, with comma\"")]
    [InlineData("a = b", "a = b")]
    [InlineData("", "")]
    public void Fields_a_spreadsheet_would_run_get_a_leading_apostrophe_and_quoting_follows_rfc_4180(string value, string written) =>
        ReviewCsv.Field(value).ShouldBe(written);

    [Fact]
    public void A_row_neutralises_untrusted_text_in_every_column()
    {
        var review = new ProposalReview
        {
            StreamId = "=cmd|' /C calc'!A0", ProposalId = "p1", Model = "@model", AiContent = "=1+1", FinalContent = "-1", Editors = ["+ana"],
        };

        var row = ReviewCsv.Row(review, DatasetSplit.Train);

        row.ShouldStartWith("'=cmd|' /C calc'!A0,p1,train,");
        row.ShouldContain(",'@model,");
        row.ShouldContain(",'+ana,'=1+1,'-1,");
        row.ShouldEndWith("\r\n");
        ReviewCsv.Header.ShouldStartWith("stream_id,proposal_id,split,");
    }
}
