namespace EventWorkbench.Analytics;

/// <summary>How many events of each type one product's streams received on one day (UTC). Id: <see cref="IdFor"/>.</summary>
public sealed class ActivityByDay
{
    public string Id { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>Empty for streams without a product (the workbench's own streams among them).</summary>
    public string Product { get; set; } = "";
    /// <summary>Event counts by wire name (<c>proposal_generated</c>, ...).</summary>
    public Dictionary<string, long> EventsByType { get; set; } = [];
    public long Total { get; set; }
    /// <summary>
    /// Always true: every event of a stream counts under the stream's product as corrected. Documents stored without it
    /// counted each event under the product as of that event; <see cref="ActivityByDayUpgrade"/> drops them.
    /// </summary>
    public bool ProductAsCorrected { get; set; } = true;

    public static string IdFor(DateOnly day, string? product) =>
        $"{day:yyyy-MM-dd}|{product ?? ""}";
}
