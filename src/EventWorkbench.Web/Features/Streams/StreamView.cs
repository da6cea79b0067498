using EventWorkbench.History;
using EventWorkbench.Streams;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>
/// What the stream page shows for one version: the stream's extent and summary, the page of events holding that
/// version, the step (the event and the states before and after it) and every correction in the stream.
/// </summary>
public sealed record StreamView(
    string StreamId,
    StreamExtent Extent,
    InteractionSummary? Summary,
    List<StoredEvent> Events,
    HistoryStep Step,
    IReadOnlyList<CorrectionLink> Corrections)
{
    /// <summary>Events shown per page: a long stream is never read whole for its list.</summary>
    public const int PageSize = 50;

    /// <summary>The first version on the page that holds <paramref name="version"/>.</summary>
    public static long PageStart(long version) => (Math.Max(1, version) - 1) / PageSize * PageSize + 1;

    public long FirstVersion => PageStart(Step.Event.Version);

    public long PageNumber => (FirstVersion - 1) / PageSize + 1;

    public long PageCount => (Extent.LastVersion + PageSize - 1) / PageSize;

    public IReadOnlyList<long> CorrectedBy(long version) =>
        Corrections.Where(c => c.CorrectsVersion == version).Select(c => c.Version).ToList();

    public long? CorrectionTarget(long version) =>
        Corrections.FirstOrDefault(c => c.Version == version)?.CorrectsVersion;
}
