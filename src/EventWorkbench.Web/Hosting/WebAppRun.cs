using EventWorkbench.EmbeddedPostgres;
using EventWorkbench.Storage;
using Microsoft.AspNetCore.Connections;
using Npgsql;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Runs the web app until Ctrl+C (SIGINT) or SIGTERM. A start that fails ends with what went wrong and exit code 1:
/// one line when a person can fix the cause, the whole exception otherwise. A stop asked for while the app was still
/// starting is an ordinary stop.
/// </summary>
public static class WebAppRun
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping; // the app's services are gone once RunAsync ends
        StartFailureReports.Watch(app);
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("EventWorkbench stopped before it had finished starting.");
            return 0;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"EventWorkbench did not start: {Explain(ex)}");
            return 1;
        }
    }

    private static string Explain(Exception ex) => ex switch
    {
        IOException { InnerException: AddressInUseException } =>
            $"{ex.Message} Stop what listens there, or pick another address with --urls (run.sh: EVENTWORKBENCH_URL).",
        EventStoreSetupException or PostgresSetupException or NpgsqlException or TimeoutException =>
            ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message,
        _ => ex.ToString(),
    };
}
