using System.Globalization;
using EventWorkbench.Analytics;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>What the dashboards show: the filter, and the step their time charts group days by.</summary>
public sealed record DashboardView(DashboardFilter Filter, TimeStep Per = TimeStep.Day)
{
    public DashboardView() : this(new DashboardFilter())
    {
    }
}

/// <summary>
/// The dashboards' view lives in the address (<c>/dashboards?from=2026-11-01&amp;to=2026-11-30&amp;product=…&amp;model=…&amp;promptVersion=…&amp;per=week</c>),
/// so a view can be bookmarked and stepped back through. Days are UTC, both inclusive; <c>per</c> is left out for days.
/// </summary>
public static class DashboardAddress
{
    public const string Path = "dashboards";

    public static string For(DashboardView view)
    {
        var query = Parameters(view.Filter);
        if (view.Per != TimeStep.Day) query.Add(new("per", QueryText.Snake(view.Per.ToString())));
        return QueryHelpers.AddQueryString(Path, query);
    }

    /// <summary>The view an address asks for; when part of it cannot be read, everything by day and what was wrong.</summary>
    public static (DashboardView View, IReadOnlyList<string> Errors) ReadView(string uri)
    {
        var (filter, errors) = Read(uri);
        var stepErrors = new QueryErrors();
        var per = QueryText.Enum<TimeStep>("per", QueryText.Of(uri)("per"), stepErrors);
        if (errors.Count > 0 || stepErrors.Count > 0) return (new DashboardView(), [.. errors, .. stepErrors.Messages]);
        return (new DashboardView(filter, per ?? TimeStep.Day), []);
    }

    public static List<KeyValuePair<string, string?>> Parameters(DashboardFilter filter)
    {
        var query = new List<KeyValuePair<string, string?>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query.Add(new(name, value));
        }
        Add("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("product", filter.Product);
        Add("model", filter.Model);
        Add("promptVersion", filter.PromptVersion);
        return query;
    }

    /// <summary>The filter an address asks for (the explorer's too); when part of it cannot be read, no filter and what was wrong.</summary>
    public static (DashboardFilter Filter, IReadOnlyList<string> Errors) Read(string uri)
    {
        var query = QueryText.Of(uri);
        var errors = new QueryErrors();
        var from = QueryText.Day("from", query("from"), errors);
        var to = QueryText.Day("to", query("to"), errors);
        if (from > to) errors.Add("from", "from must not be after to");
        var product = Text("product", query("product"), errors);
        var model = Text("model", query("model"), errors);
        var promptVersion = Text("promptVersion", query("promptVersion"), errors);
        if (errors.Count > 0) return (new DashboardFilter(), errors.Messages);
        return (new DashboardFilter
        {
            From = from is { } f ? DateOnly.FromDateTime(f.UtcDateTime) : null,
            To = to is { } t ? DateOnly.FromDateTime(t.UtcDateTime) : null,
            Product = product,
            Model = model,
            PromptVersion = promptVersion,
        }, []);
    }

    /// <summary>A filter's text; PostgreSQL cannot take NUL in text, and no value holds it, so it is an error, not a failed query.</summary>
    private static string? Text(string name, string? value, QueryErrors errors)
    {
        if (value?.Contains('\0', StringComparison.Ordinal) == true) errors.Add(name, $"{name} must not contain the NUL character (%00)");
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
