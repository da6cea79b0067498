using EventWorkbench.Ingest;
using EventWorkbench.Search;
using EventWorkbench.Web.Api;

namespace EventWorkbench.Web.Features.Search;

/// <summary>
/// The query string of <c>GET /api/events</c> and of the search page's address, as sent: <c>type</c> may repeat (or
/// list types with commas). Anything unreadable is a 400 that names the parameter, its value and what it takes.
/// </summary>
public sealed record EventSearchRequest(
    string[]? Type, string? Actor, string? Stream, string? CorrelationId, string? From, string? To, string? Text,
    string? Before, string? After, string? PageSize)
{
    public static QueryParameter[] Parameters { get; } =
    [
        QueryParameter.Text("type"), QueryParameter.Text("actor"), QueryParameter.Text("stream"), QueryParameter.Text("correlationId"),
        QueryParameter.Instant("from"), QueryParameter.Instant("to"), QueryParameter.Text("text"),
        QueryParameter.WholeNumber("before"), QueryParameter.WholeNumber("after"), QueryParameter.WholeNumber("pageSize"),
    ];

    /// <summary>Every event type there is, by its wire name.</summary>
    public static IReadOnlyList<string> KnownTypes { get; } = EventCatalogue.All.Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();

    public (EventSearchFilter? Filter, QueryErrors Errors) ToFilter(bool includeWorkbenchStreams)
    {
        var errors = new QueryErrors();
        var types = (Type ?? [])
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var type in types.Where(type => !KnownTypes.Contains(type)))
            errors.Add("type", $"type '{Short(type)}' is not an event type (one of {string.Join(", ", KnownTypes)})");
        var from = QueryText.Instant("from", From, errors);
        var to = QueryText.Instant("to", To, errors);
        var before = QueryText.Number<long>("before", Before, errors);
        var after = QueryText.Number<long>("after", After, errors);
        var pageSize = QueryText.Number<int>("pageSize", PageSize, errors);
        if (errors.Count > 0) return (null, errors);

        var filter = new EventSearchFilter
        {
            Types = types,
            Actor = Clean(Actor),
            Stream = Clean(Stream),
            CorrelationId = Clean(CorrelationId),
            From = from,
            To = to,
            Text = Clean(Text),
            Before = before,
            After = after,
            PageSize = pageSize ?? new EventSearchFilter().PageSize,
            IncludeWorkbenchStreams = includeWorkbenchStreams,
        };
        foreach (var (parameter, message) in filter.Problems()) errors.Add(parameter, message);
        return errors.Count > 0 ? (null, errors) : (filter, errors);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Short(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 60), "…");
}
