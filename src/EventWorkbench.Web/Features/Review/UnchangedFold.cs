namespace EventWorkbench.Web.Features.Review;

/// <summary>
/// Where a long unchanged run of a diff is folded: text[..HeadEnd] and text[TailStart..] stay shown around a button
/// that says how much is hidden. Prose folds by words (about <see cref="Context"/> characters kept either side, cut at
/// whitespace so no word is cut in two); line-oriented content (code, Markdown, JSON) folds whole lines
/// (<see cref="ContextLines"/> kept either side), so indentation and line structure stay intact.
/// </summary>
public sealed record UnchangedFold(int HeadEnd, int TailStart, int Hidden, string Unit)
{
    /// <summary>Unchanged characters kept either side of a folded prose run.</summary>
    public const int Context = 40;

    /// <summary>Unchanged lines kept either side of a folded run of lines.</summary>
    public const int ContextLines = 2;

    private static readonly char[] Whitespace = [' ', '\n', '\t', '\r'];

    /// <summary>The fold of an unchanged run, or null when it is short enough to show whole.</summary>
    /// <remarks>
    /// Line-oriented content folds by words only a run within one line (a long paragraph of Markdown): a run over a
    /// few lines of code stays whole rather than be cut mid-line.
    /// </remarks>
    public static UnchangedFold? Of(string text, bool byLines) =>
        !byLines ? ByWords(text) : ByLines(text) ?? (text.Contains('\n', StringComparison.Ordinal) ? null : ByWords(text));

    private static UnchangedFold? ByWords(string text)
    {
        if (text.Length <= Context * 2 + 60) return null;
        var headEnd = text.IndexOfAny(Whitespace, Context, Context / 2) is var space and >= 0 ? space : Boundary(text, Context);
        var from = text.Length - Context;
        var tailStart = text.LastIndexOfAny(Whitespace, from, Context / 2) is var last and >= 0 ? last + 1 : Boundary(text, from);
        var hidden = text[headEnd..tailStart].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return new UnchangedFold(headEnd, tailStart, hidden, hidden == 1 ? "unchanged word" : "unchanged words");
    }

    /// <summary>
    /// Keeps the first and last <see cref="ContextLines"/> lines; the tail starts at the line feed before its first line,
    /// so the fold button sits on a line of its own. Null unless at least three lines would be hidden.
    /// </summary>
    private static UnchangedFold? ByLines(string text)
    {
        var feeds = new List<int>();
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) feeds.Add(i);
        var hidden = feeds.Count + 1 - 2 * ContextLines; // n line feeds make n + 1 lines, the last maybe partial
        if (hidden < 3) return null;
        var headEnd = feeds[ContextLines - 1] + 1;
        var tailStart = feeds[^ContextLines];
        return new UnchangedFold(headEnd, tailStart, hidden, "unchanged lines");
    }

    // Never cut a surrogate pair in two.
    private static int Boundary(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;
}
