using JasperFx.Events.Daemon;
using Marten;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// How this node takes part in running the async projections (<c>Projections:Daemon</c>): <c>HotCold</c> (the default:
/// every node stands by, one at a time runs them, another takes over within about two seconds of its death),
/// <c>Solo</c> (this node runs them, for a single node only) or <c>Disabled</c> (this node never runs them).
/// </summary>
public static class ProjectionDaemonSettings
{
    public const string Key = "Projections:Daemon";

    /// <summary>How often a standing-by node tries to take the leadership lock: the bound on a take-over's delay.</summary>
    public const int LeadershipPollingMilliseconds = 1000;

    private static readonly DaemonMode[] Allowed = [DaemonMode.HotCold, DaemonMode.Solo, DaemonMode.Disabled];

    public static DaemonMode ModeFrom(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value)) return DaemonMode.HotCold;
        var mode = Allowed.FirstOrDefault(m => string.Equals(m.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase), (DaemonMode)(-1));
        return Allowed.Contains(mode)
            ? mode
            : throw new InvalidOperationException($"{Key} is '{value}'; it must be one of {string.Join(", ", Allowed)}");
    }

    public static void Tune(StoreOptions options)
    {
        options.Projections.LeadershipPollingTime = LeadershipPollingMilliseconds;
        // The leader holds a session lock rather than a transaction-scoped one: a transaction open for as long as the
        // node leads would hold back vacuum on every table.
        options.Events.UseAdvisoryLockTransaction = false;
    }
}
