using Bunit;
using EventWorkbench.Review.Delta;
using EventWorkbench.Web.Features.Review;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>A change's values as text: an object or list laid out one value per line, anything else as it is.</summary>
public sealed class JsonChangesTableTests : BunitContext
{
    [Fact]
    public void An_object_is_laid_out_one_field_per_line_as_text_across_both_value_columns_when_added_whole_and_plain_values_stay_on_their_line()
    {
        var table = Render<JsonChangesTable>(p => p.Add(t => t.Changes, [
            new JsonChange("$.summary", JsonChangeKind.Added, null, """{"id":"s-1","inputPreview":"<b>bold</b>","outcomes":{}}"""),
            new JsonChange("$.age", JsonChangeKind.Changed, "30", "31"),
        new JsonChange("$.limits", JsonChangeKind.Changed, """{"a":1,"b":2}""", """{"a":1,"b":3}"""),
            new JsonChange("$.tags", JsonChangeKind.Added, null, """["only"]"""),
            new JsonChange("$.note", JsonChangeKind.Added, null, "{not json"),
        ]));

        var cells = table.FindAll("tbody tr").Select(row => row.QuerySelectorAll("td").ToArray()).ToList();
        cells[0].Length.ShouldBe(3, "added whole, the value spans the Before and After columns");
        cells[0][2].GetAttribute("colspan").ShouldBe("2");
        var laidOut = cells[0][2].QuerySelector("pre.json-change-value").ShouldNotBeNull();
        laidOut.TextContent.ShouldBe("{\n  \"id\": \"s-1\",\n  \"inputPreview\": \"<b>bold</b>\",\n  \"outcomes\": {}\n}");
        laidOut.QuerySelector("b").ShouldBeNull("the text is never markup");
        (cells[1][2].TextContent, cells[1][3].TextContent).ShouldBe(("30", "31"));
        cells[2].Length.ShouldBe(4, "a change has a before and an after");
        cells[2][3].QuerySelector("pre.json-change-value").ShouldNotBeNull().TextContent.ShouldBe("{\n  \"a\": 1,\n  \"b\": 3\n}");
        cells[3][3].QuerySelector("pre").ShouldBeNull("a single value needs no lines of its own");
        cells[3][3].TextContent.ShouldBe("""["only"]""");
        cells[4][3].TextContent.ShouldBe("{not json");
    }
}
