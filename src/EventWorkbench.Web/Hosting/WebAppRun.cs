using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// Runs the web app until Ctrl+C (SIGINT) or SIGTERM. A start that fails ends with one line saying why and exit
/// code 1; a stop asked for while the app was still starting is an ordinary stop.
/// </summary>
public static class WebAppRun
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping; // the app's services are gone once RunAsync ends
        StartInterruption.Watch(app);
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
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or SocketException)
        {
            await Console.Error.WriteLineAsync($"EventWorkbench did not start: {Explain(ex)}");
            return 1;
        }
    }

    private static string Explain(Exception ex) => ex.InnerException is AddressInUseException
        ? $"{ex.Message} Stop what listens there, or pick another address with --urls (run.sh: EVENTWORKBENCH_URL)."
        : ex.Message;
}
