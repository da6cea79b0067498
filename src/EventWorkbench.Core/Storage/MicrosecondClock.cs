namespace EventWorkbench.Storage;

/// <summary>
/// The clock Marten stamps events with, at PostgreSQL's precision (microseconds). Inline projections then see the
/// very timestamps a rebuild later reads back, so a projection is the same function of the events either way.
/// </summary>
public sealed class MicrosecondClock : TimeProvider
{
    public static readonly MicrosecondClock Instance = new();

    public override DateTimeOffset GetUtcNow()
    {
        var now = base.GetUtcNow();
        return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
    }
}
