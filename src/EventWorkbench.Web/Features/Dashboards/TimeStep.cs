using System.Globalization;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>How the dashboards' time charts group days (UTC): each day, each week from Monday, or each calendar month.</summary>
public enum TimeStep { Day, Week, Month }

public static class TimeSteps
{
    /// <summary>The first day of the step that holds <paramref name="day"/>: the day itself, its Monday, or the 1st of its month.</summary>
    public static DateOnly Start(this TimeStep step, DateOnly day) => step switch
    {
        TimeStep.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        TimeStep.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>The label of the step holding <paramref name="day"/>: its first day as <c>yyyy-MM-dd</c>, which the charts read as a date.</summary>
    public static string Label(this TimeStep step, DateOnly day) =>
        step.Start(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The title of the time axis and of the tables' first column.</summary>
    public static string Title(this TimeStep step) => step switch
    {
        TimeStep.Week => "Week (from Monday)",
        TimeStep.Month => "Month",
        _ => "Day",
    };

    /// <summary>The step in a sentence: "day", "week", "month".</summary>
    public static string Noun(this TimeStep step) => step.ToString().ToLowerInvariant();
}
