using EventWorkbench.Export;
using Marten;

namespace EventWorkbench.Web.Features.Datasets;

/// <summary>
/// Which recorded exports held data of a data subject erased since (<see cref="ErasedStreams"/>): their copies should
/// be deleted and the export made again, which now leaves the subject out. An export without a manifest cannot be
/// judged (nor made again) and is not named.
/// </summary>
public sealed class ErasedExportFlags(IDocumentStore store)
{
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ForAsync(
        IEnumerable<LoggedExport> exports, CancellationToken cancellationToken)
    {
        var erased = await ErasedStreams.LoadAsync(store, cancellationToken);
        var flags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (erased.Count == 0) return flags;
        foreach (var logged in exports)
        {
            if (LoggedExportRequests.Of(logged).Request is not { } request) continue;
            var subjects = await erased.SubjectsHeldByAsync(store, request, logged.Exported.AsOfSequence, cancellationToken);
            if (subjects.Count > 0) flags[logged.Id] = subjects;
        }
        return flags;
    }
}
