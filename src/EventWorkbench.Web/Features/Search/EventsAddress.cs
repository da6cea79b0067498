using System.Globalization;
using EventWorkbench.Search;
using Microsoft.AspNetCore.WebUtilities;

namespace EventWorkbench.Web.Features.Search;

/// <summary>
/// The search page keeps its whole filter in its address (<c>events?type=proposal_edited&amp;actor=…&amp;text=refund&amp;before=812</c>),
/// the parameters of <c>GET /api/events</c>, so a search can be bookmarked, shared and reloaded as it was.
/// </summary>
public static class EventsAddress
{
    public const string Path = "events";

    private static readonly EventSearchFilter Defaults = new();

    public static string For(EventSearchFilter filter)
    {
        var query = new List<KeyValuePair<string, string?>>();
        foreach (var type in filter.Types) query.Add(new("type", type));
        if (filter.Actor is { } actor) query.Add(new("actor", actor));
        if (filter.Stream is { } stream) query.Add(new("stream", stream));
        if (filter.CorrelationId is { } correlation) query.Add(new("correlationId", correlation));
        if (filter.From is { } from) query.Add(new("from", Instant(from)));
        if (filter.To is { } to) query.Add(new("to", Instant(to)));
        if (filter.Text is { } text) query.Add(new("text", text));
        if (filter.PageSize != Defaults.PageSize) query.Add(new("pageSize", filter.PageSize.ToString(CultureInfo.InvariantCulture)));
        if (filter.Before is { } before) query.Add(new("before", before.ToString(CultureInfo.InvariantCulture)));
        if (filter.After is { } after) query.Add(new("after", after.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, query);
    }

    /// <summary>The filter an address asks for; when part of it cannot be read, no filter and what was wrong.</summary>
    public static (EventSearchFilter Filter, IReadOnlyList<string> Errors) Read(string uri, bool includeWorkbenchStreams)
    {
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? [] : QueryHelpers.ParseQuery(uri[queryStart..]);
        string? Last(string name) => query.TryGetValue(name, out var values) ? values.LastOrDefault() : null;
        string[]? types = query.TryGetValue("type", out var typeValues) ? typeValues.Select(value => value ?? "").ToArray() : null;
        var request = new EventSearchRequest(types, Last("actor"), Last("stream"), Last("correlationId"), Last("from"), Last("to"),
            Last("text"), Last("before"), Last("after"), Last("pageSize"));
        var (filter, errors) = request.ToFilter(includeWorkbenchStreams);
        return filter is null ? (Defaults with { IncludeWorkbenchStreams = includeWorkbenchStreams }, errors.Messages) : (filter, []);
    }

    private static string Instant(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
