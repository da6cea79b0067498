using EventWorkbench.Analytics;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>The explorer's rows as a chart: one bar per dimension value, one series per split value (or the measure alone).</summary>
public static class ExploreResult
{
    public static ChartData Chart(ExploreRequest request, IReadOnlyList<ExploreRow> rows)
    {
        var measure = MeasureName(request.Measure);
        return ChartData.From(
            DimensionName(request.Dimension), measure, Format(request.Measure), rows,
            r => r.Label ?? ChartData.Missing,
            r => request.Split is null ? measure : r.Split ?? ChartData.Missing,
            r => r.Value);
    }

    public static string DimensionName(ExploreDimension dimension) => dimension switch
    {
        ExploreDimension.Model => "Model",
        ExploreDimension.PromptVersion => "Prompt version",
        ExploreDimension.Product => "Product",
        ExploreDimension.Channel => "Channel",
        ExploreDimension.Reviewer => "Decided by",
        ExploreDimension.EditCategory => "Edit category",
        ExploreDimension.Day => "Day (UTC)",
        _ => "Week (from Monday, UTC)",
    };

    public static string MeasureName(ExploreMeasure measure) => measure switch
    {
        ExploreMeasure.Count => "Proposals",
        ExploreMeasure.AcceptanceRate => "Acceptance rate",
        ExploreMeasure.EditRate => "Edit rate",
        ExploreMeasure.MeanSimilarity => "Mean similarity",
        _ => "Median time to decision",
    };

    private static ValueFormat Format(ExploreMeasure measure) => measure switch
    {
        ExploreMeasure.Count => ValueFormat.Count,
        ExploreMeasure.AcceptanceRate or ExploreMeasure.EditRate => ValueFormat.Share,
        ExploreMeasure.MeanSimilarity => ValueFormat.Similarity,
        _ => ValueFormat.Seconds,
    };
}
