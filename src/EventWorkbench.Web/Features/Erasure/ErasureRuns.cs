using EventWorkbench.Erasure;

namespace EventWorkbench.Web.Features.Erasure;

/// <summary>
/// Runs the erasures asked for on this node (the API, the page) one at a time, each to its end: once asked for, an erasure
/// goes on when the client hangs up or the page is closed, and stops only when the app does (the next start completes it).
/// One at a time, since each records itself on the one <c>workbench-erasures</c> stream and then rewrites whole tables.
/// </summary>
public sealed class ErasureRuns(SubjectErasure erasure, IHostApplicationLifetime lifetime) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public Task<ErasurePreview> PreviewAsync(string subjectId, CancellationToken cancellationToken) => erasure.PreviewAsync(subjectId, cancellationToken);

    public Task<bool> IsKnownAsync(string subjectId, CancellationToken cancellationToken) => erasure.IsKnownAsync(subjectId, cancellationToken);

    public Task<IReadOnlyList<SubjectErasureJob>> ListAsync(CancellationToken cancellationToken) => erasure.ListAsync(cancellationToken: cancellationToken);

    /// <summary>Erases the subject; <paramref name="waiting"/> cancels only the wait for an erasure already running here.</summary>
    public async Task<ErasureOutcome> EraseAsync(ErasureRequest request, CancellationToken waiting)
    {
        await _one.WaitAsync(waiting);
        try
        {
            return await erasure.EraseAsync(request, lifetime.ApplicationStopping);
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    /// <summary>An outcome in one sentence, for the API's problems, the page and the command line alike.</summary>
    public static string Describe(ErasureOutcome outcome) => outcome switch
    {
        ErasureOutcome.Erased { Job: var job } =>
            $"Erased data subject {job.Id}: {Count(job.Events, "event")} in {Count(job.Streams, "stream")}; its keys are destroyed, " +
            $"its streams folded again and the tables that held its data rewritten ({job.RewriteMs:N0} ms).",
        ErasureOutcome.AlreadyErased { Earlier: { } earlier } =>
            $"Data subject {earlier.Id} was already erased by {earlier.By} on {earlier.RequestedAt:yyyy-MM-dd HH:mm:ss} UTC; nothing is left to erase.",
        ErasureOutcome.AlreadyErased => "The data subject's keys are already destroyed; nothing is left to erase.",
        ErasureOutcome.UnknownSubject unknown => UnknownText(unknown.SubjectId),
        ErasureOutcome.Incomplete incomplete =>
            $"The erasure of data subject {incomplete.SubjectId} is recorded and its keys are destroyed, but its clean-up waits: {incomplete.Reason}",
        ErasureOutcome.Invalid invalid => string.Join("; ", invalid.Errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}")),
        _ => outcome.ToString(),
    };

    public static string UnknownText(string subjectId) => $"No event names subject {subjectId} and no key was made for it; nothing was erased.";

    public static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n:N0} {noun}s";
}
