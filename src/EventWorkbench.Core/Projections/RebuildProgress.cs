namespace EventWorkbench.Projections;

/// <summary>
/// A rebuild's figures as a page or the API shows them: done of total, rate and time left. <see cref="ResumeStartsOver"/>:
/// it stopped before it tore the projection's state down, so a resume starts again from the first event (as it also
/// does when the position it stopped at is gone).
/// </summary>
public sealed record RebuildProgress(
    string Name, RebuildState State, string By, string Node, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt,
    long From, long Done, long Total, double Percent, double EventsPerSecond, TimeSpan? TimeLeft, long EventsRead,
    int Resumes, string? CancelledBy, string? CancelReason, string? Error, long? FailedSequence, string? FailedEventType, string? FailedStream,
    bool ResumeStartsOver)
{
    public static RebuildProgress Of(RebuildJob job)
    {
        var span = job.Total - job.From;
        var percent = job.State == RebuildState.Done ? 100 : span <= 0 ? 0 : Math.Clamp(100.0 * (job.Done - job.From) / span, 0, 100);
        var seconds = ((job.FinishedAt ?? job.UpdatedAt) - job.RunStartedAt).TotalSeconds;
        var rate = seconds > 0.05 ? job.EventsThisRun / seconds : 0;
        TimeSpan? left = job.State != RebuildState.Running ? null
            : rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, job.Total - job.Done) / rate) : null;
        return new RebuildProgress(job.Id, job.State, job.By, job.Node, job.StartedAt, job.UpdatedAt, job.From, job.Done, job.Total,
            Math.Round(percent, 1), Math.Round(rate), left, job.EventsRead, job.Resumes, job.CancelledBy, job.CancelReason, job.Error,
            job.FailedSequence, job.FailedEventType, job.FailedStream, job.State is RebuildState.Failed or RebuildState.Cancelled && job.TornDownAt is null);
    }
}
