using System.Globalization;

namespace EventWorkbench.Web.Features.Dashboards;

public enum ValueFormat { Count, Share, Similarity, Seconds }

/// <summary>
/// One named line or set of bars: a value (or none) per label of its chart. <see cref="Key"/> tells it from the chart's
/// other series (a click names it); <see cref="Name"/> is what shows, by default the key itself.
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values)
{
    public string Key { get; init; } = Name;
}

/// <summary>
/// What one chart shows, already aggregated: labels along the x axis (days, models, bins), and one value per label for each
/// series. The chart, its table and its CSV all show exactly these numbers.
/// </summary>
public sealed record ChartData(string LabelTitle, string ValueTitle, ValueFormat Format, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>For a time chart, the step its labels begin (each label a step's first day), so the axis ticks once a step.</summary>
    public TimeStep? Step { get; init; }

    public bool IsEmpty => Labels.Count == 0 || Series.Count == 0;

    /// <summary>
    /// The label (or series name) of things without a value (no product, not decided, ...): NUL, which no value from the
    /// events can be (PostgreSQL text cannot hold it), so a value spelled like <see cref="MissingText"/> stays apart from it.
    /// </summary>
    public const string Missing = "\0";

    /// <summary>What <see cref="Missing"/> shows as (in italics in the chart and the table; an empty cell in the CSV).</summary>
    public const string MissingText = "(none)";

    /// <summary>A label or series name as text to show: itself, or <see cref="MissingText"/> for <see cref="Missing"/>.</summary>
    public static string Text(string labelOrName) => labelOrName == Missing ? MissingText : labelOrName;

    public static ChartData Empty(string labelTitle, string valueTitle, ValueFormat format) => new(labelTitle, valueTitle, format, [], []);

    /// <summary>A value as the table shows it.</summary>
    public string Show(double? value) => value switch
    {
        null => "–",
        { } v => Format switch
        {
            ValueFormat.Count => v.ToString("N0", CultureInfo.InvariantCulture),
            ValueFormat.Share => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            ValueFormat.Similarity => v.ToString("0.000", CultureInfo.InvariantCulture),
            _ => Seconds(v),
        },
    };

    /// <summary>A value as the CSV holds it: a plain invariant number (shares as fractions, durations in seconds).</summary>
    public static string Raw(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Builds a chart from rows keyed by label and series, labels in the order given, series by name then key.
    /// <paramref name="seriesName"/> names a series by its key (by default the key is the name).
    /// </summary>
    public static ChartData From<TRow>(
        string labelTitle, string valueTitle, ValueFormat format, IEnumerable<TRow> rows,
        Func<TRow, string> label, Func<TRow, string> series, Func<TRow, double?> value,
        IComparer<string>? labelOrder = null, Func<string, string>? seriesName = null)
    {
        var list = rows.ToList();
        var labels = list.Select(label).Distinct().Order(labelOrder ?? StringComparer.Ordinal).ToList();
        var position = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var series_ = list.GroupBy(series, StringComparer.Ordinal).Select(group =>
        {
            var values = new double?[labels.Count];
            foreach (var row in group) values[position[label(row)]] = value(row);
            return new ChartSeries(seriesName?.Invoke(group.Key) ?? group.Key, values) { Key = group.Key };
        }).OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        return new ChartData(labelTitle, valueTitle, format, labels, series_);
    }

    private static string Seconds(double seconds) => seconds switch
    {
        < 60 => $"{seconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        < 3600 => $"{(seconds / 60).ToString("0.#", CultureInfo.InvariantCulture)} min",
        < 86400 => $"{(seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture)} h",
        _ => $"{(seconds / 86400).ToString("0.#", CultureInfo.InvariantCulture)} d",
    };
}
