using System.Text;
using EventWorkbench.Export;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>
/// A chart's numbers as CSV: one row per label, one column per series. Cells are written by <see cref="ReviewCsv.Field"/>,
/// so a name starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> cannot run as a spreadsheet formula.
/// </summary>
public static class ChartCsv
{
    public static string Write(ChartData data)
    {
        var csv = new StringBuilder();
        Line(csv, [data.LabelTitle, .. data.Series.Select(s => Cell(s.Name))]);
        for (var i = 0; i < data.Labels.Count; i++)
            Line(csv, [Cell(data.Labels[i]), .. data.Series.Select(s => ChartData.Raw(s.Values[i]))]);
        return csv.ToString();
    }

    /// <summary>A link target that downloads the CSV without another request (the numbers are already on the page).</summary>
    public static string DataUri(ChartData data) => "data:text/csv;charset=utf-8," + Uri.EscapeDataString(Write(data));

    // Without a value, the cell is empty: a value spelled "(none)" keeps its text.
    private static string Cell(string labelOrName) => labelOrName == ChartData.Missing ? "" : labelOrName;

    private static void Line(StringBuilder csv, IEnumerable<string> fields) =>
        csv.Append(string.Join(',', fields.Select(ReviewCsv.Field))).Append("\r\n");
}
