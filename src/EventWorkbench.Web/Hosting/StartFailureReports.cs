namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Until the app has started, the host's error reports ("Hosting failed to start", with a stack trace) stay out of the
/// log: <see cref="WebAppRun"/> reports a failed start itself, once, in one line when a person can fix the cause
/// (the port is taken, no PostgreSQL binaries) and in full otherwise; and a stop asked for while starting (Ctrl+C while
/// the demo data is seeded) is no failure at all. Critical reports (a background service stopping the host) still show.
/// </summary>
internal sealed class StartFailureReports
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private volatile bool _started;

    public static void AddTo(WebApplicationBuilder builder)
    {
        var reports = new StartFailureReports();
        builder.Services.AddSingleton(reports);
        // A rule for this one category replaces the default level for it, so it keeps Information and above itself.
        builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information && (level != LogLevel.Error || reports._started));
    }

    public static void Watch(WebApplication app)
    {
        var reports = app.Services.GetRequiredService<StartFailureReports>();
        app.Lifetime.ApplicationStarted.Register(() => reports._started = true);
    }
}
