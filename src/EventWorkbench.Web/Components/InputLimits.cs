namespace EventWorkbench.Web.Components;

/// <summary>
/// Longest text a field takes. A bound field sends its whole value to the server in one SignalR message, which the
/// hub refuses over 32 KB, closing the page's live connection; these keep every field well below that (UTF-8 may
/// take four bytes a character).
/// </summary>
public static class InputLimits
{
    /// <summary>Search boxes and filters: an id, a model name, a few words.</summary>
    public const int Filter = 200;

    /// <summary>Free text a person writes, such as a curation note.</summary>
    public const int Note = 4000;
}
