using System.Text.Json.Serialization;

namespace EventWorkbench.Projections;

[JsonConverter(typeof(JsonStringEnumConverter<ProjectionStatus>))]
public enum ProjectionStatus
{
    Running,
    Rebuilding,
    Stopped,
    Failed,
}

/// <summary>An event a projection failed on or skipped: where it is and what went wrong.</summary>
public sealed record FailingEvent(long Sequence, string? EventType, string? StreamId, string Message);

/// <summary>
/// One registered projection as the catalogue shows it: <see cref="Description"/> says what it holds and what reads it
/// (its class's <c>[Description]</c>). <see cref="Position"/> is the last sequence it has processed;
/// an inline projection is applied in the append's own transaction, so its position is the high-water mark
/// (<see cref="PositionIsHighWaterMark"/>), unless a rebuild of it is running or stopped part way. While a rebuild runs
/// (<see cref="State"/> is <see cref="ProjectionStatus.Rebuilding"/>), <see cref="Position"/> is the rebuild's position
/// (its events done) and <see cref="Lag"/> the events it has left (its total less those done), as its job records them.
/// </summary>
public sealed record ProjectionFigures(
    string Name, string? Description, string Lifecycle, IReadOnlyList<string> DocumentTypes, long Documents, long Position, long HighWaterMark,
    long Lag, IReadOnlyList<long> LagTrend, ProjectionStatus State, string StateText, bool PositionIsHighWaterMark,
    FailingEvent? Failure, long SkippedEvents, RebuildProgress? Rebuild);
