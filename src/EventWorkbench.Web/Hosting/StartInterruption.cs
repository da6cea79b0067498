namespace EventWorkbench.Web.Hosting;

/// <summary>
/// A stop asked for before the app has started (Ctrl+C while the demo data is seeded, say) cancels the start, and the
/// host then logs "Hosting failed to start" with the cancellation's stack trace, as if something had broken. This
/// notes such a stop and keeps the host's error reports out of the log from then on; <see cref="WebAppRun"/> says in
/// one line that the app stopped while starting. Any other start failure is logged as before.
/// </summary>
internal sealed class StartInterruption
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private volatile bool _stoppedWhileStarting;

    public static void AddTo(WebApplicationBuilder builder)
    {
        var interruption = new StartInterruption();
        builder.Services.AddSingleton(interruption);
        // A rule for this one category replaces the default level for it, so it keeps Information and above itself.
        builder.Logging.AddFilter(HostCategory, level =>
            level >= LogLevel.Information && !(interruption._stoppedWhileStarting && level >= LogLevel.Error));
    }

    /// <summary>From now on, a stop before <see cref="IHostApplicationLifetime.ApplicationStarted"/> counts as one.</summary>
    public static void Watch(WebApplication app)
    {
        var interruption = app.Services.GetRequiredService<StartInterruption>();
        var lifetime = app.Lifetime;
        lifetime.ApplicationStopping.Register(() =>
        {
            if (!lifetime.ApplicationStarted.IsCancellationRequested) interruption._stoppedWhileStarting = true;
        });
    }
}
