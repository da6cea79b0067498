using System.Text.Json.Serialization;

namespace EventWorkbench.Projections;

[JsonConverter(typeof(JsonStringEnumConverter<RebuildState>))]
public enum RebuildState
{
    Running,
    Cancelled,
    Done,
    Failed,
}

/// <summary>
/// The last rebuild of one projection (its <see cref="Id"/> is the projection's name), kept as a document so every app
/// node sees it: who started it, where it runs, the events done of the total (sequence numbers: the projection's
/// position against the high-water mark it rebuilds to) and how it ended. A resumed rebuild is the same job run again
/// from the position it stopped at.
/// </summary>
public sealed class RebuildJob
{
    /// <summary>How long a running rebuild may go unwritten before other nodes take its node for stopped.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromSeconds(15);

    public string Id { get; set; } = "";
    public string By { get; set; } = "";
    public string Node { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When this run (the first, or the latest resume) started.</summary>
    public DateTimeOffset RunStartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The position this run started from: 0 for a rebuild, where it stopped for a resume.</summary>
    public long From { get; set; }

    /// <summary>The end of the log this run rebuilds to: the high-water mark, or the settled end when that is further.</summary>
    public long Total { get; set; }

    /// <summary>
    /// The high-water mark when the first run tore the projection's state down, kept by every resume; null until then.
    /// Appends after it met an inline projection half rebuilt: their streams are folded again at the end
    /// (<see cref="InlineRebuildCatchUp"/>).
    /// </summary>
    public long? TornDownAt { get; set; }

    /// <summary>
    /// The run has replayed every event and is finishing: folding an inline projection's last streams and recording
    /// itself. It can no longer be cancelled.
    /// </summary>
    public bool Finishing { get; set; }

    /// <summary>The projection's position (the last sequence it has processed) at the last update.</summary>
    public long Done { get; set; }
    public RebuildState State { get; set; }

    /// <summary>Events read by the earlier runs of this job (a cancelled run, before it was resumed).</summary>
    public long EarlierEvents { get; set; }

    /// <summary>Time spent by the earlier runs of this job.</summary>
    public long EarlierMs { get; set; }

    /// <summary>How many times it was resumed.</summary>
    public int Resumes { get; set; }
    public string? CancelledBy { get; set; }
    public string? CancelReason { get; set; }
    public string? Error { get; set; }

    /// <summary>The event the projection failed on, when the failure names one.</summary>
    public long? FailedSequence { get; set; }
    public string? FailedEventType { get; set; }
    public string? FailedStream { get; set; }

    /// <summary>Events read by this run so far.</summary>
    public long EventsThisRun => Math.Max(0, Done - From);

    /// <summary>Events read by every run of this job.</summary>
    public long EventsRead => EarlierEvents + EventsThisRun;

    /// <summary>Said to be running, but not written for longer than <paramref name="staleAfter"/>: its node stopped.</summary>
    public bool IsAbandoned(DateTimeOffset now, TimeSpan staleAfter) => State == RebuildState.Running && now - UpdatedAt > staleAfter;
}

/// <summary>A request, from any node, that the node running the rebuild of <see cref="Id"/> stop it.</summary>
public sealed class RebuildCancelRequest
{
    public string Id { get; set; } = "";
    public string By { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
}
