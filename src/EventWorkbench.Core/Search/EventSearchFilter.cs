namespace EventWorkbench.Search;

/// <summary>
/// What event search filters on; every criterion is optional and they combine (types: any of them). Newest first,
/// paged by sequence number: <see cref="Before"/> reads the page older than a sequence, <see cref="After"/> the page
/// newer than one, neither the newest page.
/// </summary>
public sealed record EventSearchFilter
{
    public const int MaxPageSize = 200;
    public const int MaxTypes = 30;
    public const int MaxTextLength = 200;

    /// <summary>Shorter texts hold no trigram, so the index cannot narrow them: taken only inside one stream.</summary>
    public const int MinTextLength = 3;

    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Who did it: the person named in the event (its <c>by</c> or <c>editor</c>) or the appending account.</summary>
    public string? Actor { get; init; }
    public string? Stream { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>Inclusive bounds on the event's time.</summary>
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Case-insensitive substring of any string or number value inside the event's data.</summary>
    public string? Text { get; init; }

    public long? Before { get; init; }
    public long? After { get; init; }
    public int PageSize { get; init; } = 25;

    /// <summary>The workbench's own streams (<c>workbench-*</c>: the access and export logs) too; auditors and admins only.</summary>
    public bool IncludeWorkbenchStreams { get; init; }

    public bool HasCriteria => Types.Count > 0 || Actor is not null || Stream is not null || CorrelationId is not null
        || From is not null || To is not null || Text is not null;

    /// <summary>What is wrong with the filter as a whole, by parameter (each value on its own is read elsewhere).</summary>
    public IEnumerable<(string Parameter, string Message)> Problems()
    {
        if (Text is { Length: > MaxTextLength }) yield return ("text", $"text must be at most {MaxTextLength} characters");
        if (Text is { Length: < MinTextLength } && Stream is null)
            yield return ("text", $"text must be at least {MinTextLength} characters, unless a stream is chosen");
        if (Types.Count > MaxTypes) yield return ("type", $"at most {MaxTypes} types");
        if (From > To) yield return ("from", "from must not be after to");
        if (PageSize is < 1 or > MaxPageSize) yield return ("pageSize", $"pageSize must be between 1 and {MaxPageSize}");
        if (Before is < 1) yield return ("before", "before must be 1 or more");
        if (After is < 0) yield return ("after", "after must not be negative");
        if (Before is not null && After is not null) yield return ("after", "give before or after, not both");
    }
}

/// <summary>One event found: where it is, what and who, and a stretch of its data's text around the match.</summary>
public sealed record EventHit(
    long Sequence, string StreamId, long Version, string Type, DateTimeOffset Timestamp, string? Actor, string? CorrelationId,
    TextSnippet Snippet);

/// <summary>A stretch of text cut around a match: <see cref="Match"/> is empty when nothing was searched for.</summary>
public sealed record TextSnippet(string Before, string Match, string After);

/// <summary>
/// One page of hits, newest first. <see cref="Older"/> and <see cref="Newer"/> are the cursors of the pages on either side
/// (the sequence to read before or after), null when there is none.
/// </summary>
public sealed record EventSearchPage(IReadOnlyList<EventHit> Hits, int PageSize, long? Older, long? Newer);
