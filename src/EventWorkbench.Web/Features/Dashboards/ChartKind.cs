namespace EventWorkbench.Web.Features.Dashboards;

public enum ChartKind { Lines, Bars, StackedBars }

/// <summary>A clicked point: its label (x) and the series it belongs to.</summary>
public sealed record ChartPoint(string Label, string Series);
