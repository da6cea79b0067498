using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// The built app started the way run.sh starts it (<c>scripts/start-app.sh</c>, which execs the app), as a background
/// job of a shell without job control: <c>bash -c 'scripts/start-app.sh --urls ... &amp; wait'</c>. Such a job starts
/// with SIGINT ignored, the case where a stop signal most easily goes astray. The embedded PostgreSQL keeps its data
/// in <paramref name="dataFolder"/> and is not ephemeral: nothing but the app stops it.
/// </summary>
internal sealed class StartedApp(string dataFolder) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2); // a bound for a busy machine; a few seconds when quiet
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _appPid = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _shell;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The pid the shell reported for its background job: the one a person would signal.</summary>
    public int Pid { get; private set; }

    /// <summary>The port of the PostgreSQL server the app started, from its postmaster.pid.</summary>
    public int PostgresPort { get; private set; }

    public string PostmasterPidFile => Path.Combine(dataFolder, "cluster", "postmaster.pid");

    /// <summary>Where the app listens (a free loopback port picked at each start).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the app and waits until it answers /health, or, seeding the demo data, until it has begun.</summary>
    public async Task StartAsync(bool seedDemo = false)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        BaseAddress = new Uri(url);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"scripts/start-app.sh --urls {url} & echo \"pid=$!\"; wait $!; echo \"exit=$?\"");
        start.Environment["EVENTWORKBENCH_CONFIGURATION"] = AppConfiguration();
        start.Environment["EmbeddedPostgres__DataDirectory"] = dataFolder;
        start.Environment["Demo__Seed"] = seedDemo ? "true" : "false";

        _shell = new Process { StartInfo = start };
        _shell.OutputDataReceived += (_, e) => Read(e.Data);
        _shell.ErrorDataReceived += (_, e) => Read(e.Data);
        _shell.Start();
        _shell.BeginOutputReadLine();
        _shell.BeginErrorReadLine();

        Pid = await _appPid.Task.WaitAsync(StartTimeout);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_exitCode.Task.IsCompleted) throw new InvalidOperationException($"The app exited before it was healthy:\n{Output}");
            if (seedDemo && Output.Contains("Seeding demo data: ", StringComparison.Ordinal)) break;
            try
            {
                using var response = await probe.GetAsync(new Uri($"{url}/health"));
                if (response.StatusCode == HttpStatusCode.OK) break;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The app was not healthy within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(200);
        }
        PostgresPort = await ReadPostgresPortAsync(deadline);
    }

    // The server writes its postmaster.pid while it starts; the port is its fourth line.
    private async Task<int> ReadPostgresPortAsync(DateTime deadline)
    {
        while (true)
        {
            try
            {
                var lines = await File.ReadAllLinesAsync(PostmasterPidFile);
                if (lines.Length > 3 && int.TryParse(lines[3], System.Globalization.CultureInfo.InvariantCulture, out var port)) return port;
            }
            catch (IOException)
            {
                // not written yet
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No port in {PostmasterPidFile} within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(200);
        }
    }

    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        kill.ExitCode.ShouldBe(0, $"kill -{signal} {Pid} failed");
    }

    /// <summary>The app's exit code as its shell saw it (128 + n when signal n killed it).</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        try
        {
            return await _exitCode.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The app {Pid} was still running {timeout.TotalSeconds} s after the signal:\n{Output}");
        }
    }

    /// <summary>True while the process runs; a zombie (killed, not yet reaped by its parent) counts as gone.</summary>
    public static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static bool Listens(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whatever a failed test left running: the app, then its PostgreSQL (immediate shutdown).</summary>
    public void Dispose()
    {
        if (Pid > 0 && IsRunning(Pid)) Process.GetProcessById(Pid).Kill(entireProcessTree: true);
        if (_shell is { } shell)
        {
            if (!shell.HasExited) shell.Kill(entireProcessTree: true);
            shell.Dispose();
        }
        if (File.Exists(PostmasterPidFile) && int.TryParse(File.ReadLines(PostmasterPidFile).First(), out var postmaster) && IsRunning(postmaster))
        {
            using var quit = Process.Start("kill", ["-QUIT", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            quit.WaitForExit();
        }
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith("pid=", StringComparison.Ordinal)) _appPid.TrySetResult(int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
        if (line.StartsWith("exit=", StringComparison.Ordinal)) _exitCode.TrySetResult(int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string AppConfiguration() => typeof(StartedApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "AppConfiguration").Value!;

    internal static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "EventWorkbench.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No EventWorkbench.sln above {AppContext.BaseDirectory}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
