namespace EventWorkbench.Search;

/// <summary>Cuts a stretch of text around the first match, so a hit shows why it matched without its whole data.</summary>
public static class Snippets
{
    public const int Context = 80;
    public const int Plain = 200;

    public static TextSnippet Around(string? text, string? search)
    {
        var flat = Flatten(text ?? "");
        var at = string.IsNullOrEmpty(search) ? -1 : flat.IndexOf(search, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return new TextSnippet(Cut(flat, 0, Plain, flat.Length > Plain), "", "");

        var start = Math.Max(0, at - Context);
        var end = Math.Min(flat.Length, at + search!.Length + Context);
        var before = (start > 0 ? "…" : "") + flat[start..at];
        var after = flat[(at + search.Length)..end] + (end < flat.Length ? "…" : "");
        return new TextSnippet(before, flat.Substring(at, search.Length), after);
    }

    private static string Cut(string text, int start, int length, bool more) =>
        string.Concat(text.AsSpan(start, Math.Min(length, text.Length - start)), more ? "…" : "");

    /// <summary>The values stand one a line; a snippet reads them as one line, separated by " · ".</summary>
    private static string Flatten(string text) => text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace("\n", " · ", StringComparison.Ordinal);
}
