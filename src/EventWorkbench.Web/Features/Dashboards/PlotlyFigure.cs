using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>The Plotly traces and layout that draw a <see cref="ChartData"/> in the given colours.</summary>
public sealed record PlotlyFigure(IList<ITrace> Traces, Layout Layout)
{
    /// <summary>The height of every chart in pixels (the card's stylesheet reserves the same).</summary>
    public const int PlotHeight = 420;

    private const long WeekInMilliseconds = 7L * 24 * 60 * 60 * 1000;

    public static PlotlyFigure For(ChartData data, ChartKind kind, ChartColours colours, bool categoryLabels)
    {
        var labels = data.Labels.Cast<object>().ToList();
        var traces = data.Series.Select((series, i) =>
        {
            var colour = colours.Series[i % colours.Series.Count];
            var values = series.Values.Select(v => (object)v!).ToList();
            // The hover shows this text and the series name, both as text: Plotly would read tags in the x values.
            var hover = data.Labels.Select((label, j) => $"{Drawn(label)}: {data.Show(series.Values[j])}").ToList();
            return kind == ChartKind.Lines
                ? (ITrace)new Scatter
                {
                    Name = Drawn(series.Name), X = labels, Y = values, Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                    Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = colour }, Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = colour },
                    ConnectGaps = false, HoverTextArray = hover,
                    HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Text | Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Name,
                }
                : new Bar
                {
                    Name = Drawn(series.Name), X = labels, Y = values, Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = colour },
                    HoverTextArray = hover, HoverInfo = Plotly.Blazor.Traces.BarLib.HoverInfoFlag.Text | Plotly.Blazor.Traces.BarLib.HoverInfoFlag.Name,
                };
        }).ToList();

        var markupInLabels = categoryLabels && data.Labels.Any(label => Drawn(label) != label);
        var layout = new Layout
        {
            PaperBgColor = colours.Paper,
            PlotBgColor = colours.Paper,
            Font = new Font { Color = colours.Text, Family = "system-ui, Segoe UI, Roboto, Helvetica, Arial, sans-serif" },
            // A fixed height with the legend beside the plot: Plotly scrolls a vertical legend that outgrows the
            // height, so many series never push the chart out of its card.
            Height = PlotHeight,
            Margin = new Margin { L = 56, R = 16, T = 16, B = 48 },
            ShowLegend = data.Series.Count > 1,
            BarMode = kind == ChartKind.StackedBars ? BarModeEnum.Stack : BarModeEnum.Group,
            HoverMode = HoverModeEnum.Closest,
            XAxis =
            [
                new XAxis
                {
                    Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = data.LabelTitle },
                    GridColor = colours.Grid, LineColor = colours.Grid, ZeroLineColor = colours.Grid,
                    Type = categoryLabels ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category : null,
                    // Categories are names from the events: where one holds markup, or a bar has no value, each tick is
                    // drawn from its text (a click still gives the value); otherwise Plotly places them itself, thinning
                    // them when crowded.
                    TickMode = markupInLabels ? Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array : null,
                    TickVals = markupInLabels ? labels : null,
                    TickText = markupInLabels ? [.. data.Labels.Select(Drawn)] : null,
                    AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
                    // Weeks and months tick once a step, on the steps' first days; days keep Plotly's own ticks.
                    DTick = data.Step switch { TimeStep.Week => WeekInMilliseconds, TimeStep.Month => "M1", _ => null },
                    Tick0 = data.Step is TimeStep.Week && data.Labels.Count > 0 ? data.Labels[0] : null,
                    TickFormat = data.Step switch { TimeStep.Week => "%b %d", TimeStep.Month => "%b %Y", _ => null },
                },
            ],
            YAxis =
            [
                new YAxis
                {
                    Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = data.ValueTitle },
                    GridColor = colours.Grid, LineColor = colours.Grid, ZeroLineColor = colours.Grid,
                    TickFormat = data.Format switch { ValueFormat.Share => ".0%", ValueFormat.Similarity => ".2f", _ => null },
                    Range = data.Format is ValueFormat.Share or ValueFormat.Similarity ? [0, 1] : null,
                    AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
                },
            ],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.V, Font = new Plotly.Blazor.LayoutLib.LegendLib.Font { Color = colours.Text } }],
        };
        return new PlotlyFigure(traces, layout);
    }

    /// <summary>
    /// A label or series name as Plotly draws it: as text (<see cref="AsText"/>), or "(none)" in italics for
    /// <see cref="ChartData.Missing"/> (the only markup drawn, since every name from the events is escaped).
    /// </summary>
    public static string Drawn(string labelOrName) =>
        labelOrName == ChartData.Missing ? $"<i>{ChartData.MissingText}</i>" : AsText(labelOrName);

    /// <summary>
    /// Text as Plotly shows it literally: it reads tags (<c>&lt;b&gt;</c>, <c>&lt;a href&gt;</c>) in whatever it draws and
    /// turns these entities back into the characters, so a name from the events shows as it was typed.
    /// </summary>
    public static string AsText(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
