namespace EventWorkbench.Review.Delta;

/// <summary>
/// Compares an AI proposal with a human edit: word-level diff (character-level inside lightly changed words), metrics and
/// an edit category (<see cref="EditCategories"/>); for JSON also a structural diff by path. Pure and thread-safe.
/// </summary>
public static class DeltaEngine
{
    /// <summary>
    /// Compares two texts. <paramref name="isJson"/>: when both sides parse as JSON, adds the structural diff and
    /// takes the metrics and category from the values; otherwise both are treated as text. <paramref name="ignoreWhitespace"/>:
    /// whitespace-only differences become Equal runs (the metrics and the category do not depend on it).
    /// </summary>
    public static TextDelta Compare(string before, string after, bool isJson = false, bool ignoreWhitespace = false)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var text = TextComparison.Run(before, after, ignoreWhitespace, buildSpans: true);
        if (isJson && CompareJsonValues(before, after) is { } json)
        {
            var (metrics, changes) = json;
            return new TextDelta(text.Ops, metrics.EditDistance, metrics.Similarity, metrics.WordsInserted, metrics.WordsDeleted, metrics.Category, changes);
        }
        var measured = TextMetrics(before, after, text);
        return new TextDelta(text.Ops, measured.EditDistance, measured.Similarity, measured.WordsInserted, measured.WordsDeleted, measured.Category, []);
    }

    /// <summary>
    /// The metrics and category of <see cref="Compare"/> alone, without the ops a person reads: the word alignment
    /// is all they need, so the display alignment and the character diffs are left out, and for JSON that parses the
    /// raw texts are not diffed at all. What the projections store for every review.
    /// </summary>
    public static DeltaMetrics Measure(string before, string after, bool isJson = false)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (isJson && CompareJsonValues(before, after) is { } json) return json.Metrics;
        return TextMetrics(before, after, TextComparison.Run(before, after, ignoreWhitespace: false, buildSpans: false));
    }

    private static DeltaMetrics TextMetrics(string before, string after, TextComparison text) => new(
        text.EditDistance, text.Similarity, text.WordsInserted, text.WordsDeleted,
        EditCategories.ForText(string.Equals(before, after, StringComparison.Ordinal), text.SameWordsIgnoringCase, text.Similarity));

    // When both sides parse: the structural changes, and the metrics and category from the values.
    private static (DeltaMetrics Metrics, IReadOnlyList<JsonChange> Changes)? CompareJsonValues(string before, string after)
    {
        using var beforeJson = JsonDelta.TryParse(before);
        using var afterJson = JsonDelta.TryParse(after);
        if (beforeJson is null || afterJson is null) return null;
        var changes = JsonDelta.Diff(beforeJson.RootElement, afterJson.RootElement, out var structural);
        var values = TextComparison.Run(
            JsonDelta.ValueText(beforeJson.RootElement), JsonDelta.ValueText(afterJson.RootElement), ignoreWhitespace: false, buildSpans: false);
        var category = EditCategories.ForJson(changes.Count == 0, structural, values.SameWordsIgnoringCase, values.Similarity);
        var metrics = changes.Count == 0
            ? new DeltaMetrics(0, 1, 0, 0, category)
            : new DeltaMetrics(values.EditDistance, values.Similarity, values.WordsInserted, values.WordsDeleted, category);
        return (metrics, changes);
    }

    /// <summary>The structural diff of two JSON documents, one change per path, in path order (see <see cref="JsonDelta"/>).</summary>
    public static IReadOnlyList<JsonChange> CompareJson(System.Text.Json.JsonElement before, System.Text.Json.JsonElement after) =>
        JsonDelta.Diff(before, after, out _);

    /// <summary>
    /// <see cref="Compare"/> for a person to read: when <paramref name="isJson"/> and both sides parse, both are laid
    /// out first (<see cref="LayOutForReading"/>), so the ops read one value per line instead of as one compact line.
    /// The metrics, the category and the JSON changes are those of <see cref="Compare"/> (for JSON they come from the
    /// values); only the ops differ, and they spell the laid-out texts.
    /// </summary>
    public static TextDelta CompareForReading(string before, string after, bool isJson = false, bool ignoreWhitespace = false)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (isJson && JsonDelta.TryIndent(before) is { } beforeLaidOut && JsonDelta.TryIndent(after) is { } afterLaidOut)
        {
            return Compare(beforeLaidOut, afterLaidOut, isJson: true, ignoreWhitespace);
        }
        return Compare(before, after, isJson, ignoreWhitespace);
    }

    /// <summary>
    /// A text as a person reads it: JSON (when <paramref name="isJson"/> and it parses) indented, one value per line,
    /// keys in their order and numbers as written; anything else as it is.
    /// </summary>
    public static string LayOutForReading(string text, bool isJson)
    {
        ArgumentNullException.ThrowIfNull(text);
        return isJson && JsonDelta.TryIndent(text) is { } laidOut ? laidOut : text;
    }
}
