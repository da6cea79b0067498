using System.Globalization;
using EventWorkbench.Analytics;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Review;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>
/// The explorer's choice lives in its address: <c>/explore?dimension=model&amp;measure=acceptance_rate&amp;split=product</c>, plus the
/// dashboards' filters (<c>from</c>, <c>to</c>, <c>product</c>, <c>model</c>, <c>promptVersion</c>).
/// </summary>
public static class ExploreAddress
{
    public const string Path = "explore";

    /// <summary>What a group without a value (no product, not decided, ...) is called; its bar's label is <see cref="ChartData.Missing"/>.</summary>
    public const string None = ChartData.MissingText;

    public static string For(ExploreRequest request)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("dimension", QueryText.Snake(request.Dimension.ToString())),
            new("measure", QueryText.Snake(request.Measure.ToString())),
        };
        if (request.Split is { } split) query.Add(new("split", QueryText.Snake(split.ToString())));
        query.AddRange(DashboardAddress.Parameters(request.Filter));
        return QueryHelpers.AddQueryString(Path, query);
    }

    public static (ExploreRequest Request, IReadOnlyList<string> Errors) Read(string uri)
    {
        var query = QueryText.Of(uri);
        var errors = new QueryErrors();
        var dimension = QueryText.Enum<ExploreDimension>("dimension", query("dimension"), errors);
        var measure = QueryText.Enum<ExploreMeasure>("measure", query("measure"), errors);
        var split = QueryText.Enum<ExploreDimension>("split", query("split"), errors);
        var (filter, filterErrors) = DashboardAddress.Read(uri);
        if (errors.Count > 0 || filterErrors.Count > 0) return (ExploreRequest.Default, [.. errors.Messages, .. filterErrors]);
        var chosen = dimension ?? ExploreRequest.Default.Dimension;
        return (new ExploreRequest(chosen, measure ?? ExploreRequest.Default.Measure, split == chosen ? null : split, filter), []);
    }

    /// <summary>
    /// The review queue holding the proposals of one bar: its dimension's (and split's) value under the same filters; null
    /// for a bar of proposals without a value the queue cannot filter on (no product, prompt version, channel or edit
    /// category), which would open every proposal instead of the bar's.
    /// </summary>
    public static string? QueueFor(ExploreRequest request, ChartPoint point)
    {
        var filter = new ProposalFilter
        {
            Product = request.Filter.Product,
            Model = request.Filter.Model,
            PromptVersion = request.Filter.PromptVersion,
            GeneratedFrom = Start(request.Filter.From),
            GeneratedTo = request.Filter.To is { } to ? ReviewQueueAddress.EndOfDay(Start(to)!.Value) : null,
        };
        filter = Narrow(filter, request.Dimension, point.Label);
        if (filter is not null && request.Split is { } split) filter = Narrow(filter, split, point.Series);
        return filter is null ? null : ReviewQueueAddress.For(filter);
    }

    private static ProposalFilter? Narrow(ProposalFilter filter, ExploreDimension dimension, string value)
    {
        // Only the bar without a value: a value spelled "(none)" is filtered on as any other.
        if (value == ChartData.Missing || string.IsNullOrEmpty(value))
        {
            // Only a decision sets who decided: a proposal nobody decided is pending. The others have no filter for "none".
            return dimension == ExploreDimension.Reviewer ? filter with { Outcome = ProposalOutcome.Pending } : null;
        }
        return dimension switch
        {
            ExploreDimension.Model => filter with { Model = value },
            ExploreDimension.PromptVersion => filter with { PromptVersion = value },
            ExploreDimension.Product => filter with { Product = value },
            ExploreDimension.Channel => filter with { Channel = value },
            ExploreDimension.Reviewer => filter with { Reviewer = value },
            ExploreDimension.EditCategory => filter with { Category = value },
            ExploreDimension.Day => Days(filter, value, 1),
            ExploreDimension.Week => Days(filter, value, 7),
            _ => filter,
        };
    }

    // Within the filter's own days, so a bar never opens proposals outside what it counted.
    private static ProposalFilter Days(ProposalFilter filter, string first, int days)
    {
        if (!DateOnly.TryParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return filter;
        var from = Start(day)!.Value;
        var to = ReviewQueueAddress.EndOfDay(Start(day.AddDays(days - 1))!.Value);
        return filter with
        {
            GeneratedFrom = filter.GeneratedFrom > from ? filter.GeneratedFrom : from,
            GeneratedTo = filter.GeneratedTo < to ? filter.GeneratedTo : to,
        };
    }

    private static DateTimeOffset? Start(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
}
