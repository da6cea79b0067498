namespace EventWorkbench.Review.Delta;

/// <summary>
/// Compares an AI proposal with a human edit: word-level diff (character-level inside replaced runs), metrics and
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
        if (isJson)
        {
            using var beforeJson = JsonDelta.TryParse(before);
            using var afterJson = JsonDelta.TryParse(after);
            if (beforeJson is not null && afterJson is not null)
            {
                var changes = JsonDelta.Diff(beforeJson.RootElement, afterJson.RootElement, out var structural);
                var values = TextComparison.Run(
                    JsonDelta.ValueText(beforeJson.RootElement), JsonDelta.ValueText(afterJson.RootElement), ignoreWhitespace: false, buildSpans: false);
                var category = EditCategories.ForJson(changes.Count == 0, structural, values.SameWordsIgnoringCase, values.Similarity);
                return changes.Count == 0
                    ? new TextDelta(text.Ops, 0, 1, 0, 0, category, changes)
                    : new TextDelta(text.Ops, values.EditDistance, values.Similarity, values.WordsInserted, values.WordsDeleted, category, changes);
            }
        }
        var textCategory = EditCategories.ForText(string.Equals(before, after, StringComparison.Ordinal), text.SameWordsIgnoringCase, text.Similarity);
        return new TextDelta(text.Ops, text.EditDistance, text.Similarity, text.WordsInserted, text.WordsDeleted, textCategory, []);
    }
}
