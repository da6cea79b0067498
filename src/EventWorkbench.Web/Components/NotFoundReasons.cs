using Microsoft.AspNetCore.Components;

namespace EventWorkbench.Web.Components;

/// <summary>What a not-found page says: a heading, one sentence, and the way back.</summary>
public sealed record NotFoundReason(string Heading, string Message, string BackHref, string BackText)
{
    /// <summary>An address no page answers.</summary>
    public static NotFoundReason NoSuchPage { get; } = new("Nothing here", "This page does not exist.", "streams", "Back to the streams");
}

/// <summary>
/// A page that finds nothing at its address (an unknown stream or proposal) reports it here: the response becomes a
/// 404 (<see cref="NavigationManager.NotFound"/>, while prerendering) and the router's not-found page shows the
/// page's own reason in place of the general one, live as well as prerendered. Scoped, so one per request while
/// prerendering and one per circuit after; a reason counts only for the address it was reported at.
/// </summary>
public sealed class NotFoundReasons(NavigationManager navigation)
{
    private (string Uri, NotFoundReason Reason)? _reported;

    /// <summary>The reason reported at the current address; the general one when none was.</summary>
    public NotFoundReason Current => _reported is { } reported && reported.Uri == navigation.Uri ? reported.Reason : NotFoundReason.NoSuchPage;

    public void Report(NotFoundReason reason)
    {
        _reported = (navigation.Uri, reason);
        navigation.NotFound();
    }
}
