using EventWorkbench.Search;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Streams;

namespace EventWorkbench.Web.Features.Search;

/// <summary>Where a hit opens: its stream's history at its version; the workbench's own logs open their own pages.</summary>
public static class HitLinks
{
    public static string? For(EventHit hit) => hit.StreamId switch
    {
        WorkbenchStreams.Access => "admin/access-log",
        WorkbenchStreams.Exports => "datasets",
        _ when WorkbenchStreams.IsWorkbenchStream(hit.StreamId) => null,
        _ => StreamPage.HrefFor(hit.StreamId, hit.Version),
    };
}
