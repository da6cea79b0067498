using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using EventWorkbench.Testing;

namespace EventWorkbench.Browser.Tests;

/// <summary>
/// The real app, started as a child process from its build output on a fresh test database, the way it
/// runs in production: <c>dotnet EventWorkbench.dll --urls ...</c> with the repo root as working directory.
/// </summary>
public sealed class AppProcess : IAsyncLifetime
{
    public const string ApiKey = "browser-test-key-0f3c9a";

    /// <summary>The demo accounts the app creates in Development, one per role; the admin may open every page.</summary>
    public const string DemoAdmin = "admin";
    public const string DemoPassword = "workbench-demo";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5); // generous: test assemblies start apps side by side on 2 cores
    private readonly StringBuilder _output = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>Appends events to a stream through the API, as a client would, and expects them taken.</summary>
    public async Task AppendAsync(string streamId, params object[] events)
    {
        using var response = await Api.PostAsJsonAsync($"/api/streams/{Uri.EscapeDataString(streamId)}/events", new { events });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Reads pages as the demo admin, signed in through the sign-in form (the pages need a signed-in person).</summary>
    public HttpClient Pages { get; private set; } = null!;

    /// <summary>What the app wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        var root = RepoRoot();
        var configuration = typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AppConfiguration").Value!;
        var dll = Path.Combine(root, "bin", configuration, "net10.0", "EventWorkbench.dll");
        File.Exists(dll).ShouldBeTrue($"{dll} is missing: build the solution first");

        var database = await TestCluster.CreateDatabaseAsync("browser");
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--urls", BaseAddress.ToString().TrimEnd('/') }) start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__EventStore"] = database.AppConnectionString;
        start.Environment["ConnectionStrings__EventStoreAdmin"] = database.AdminConnectionString;
        start.Environment["Demo__Seed"] = "true";
        start.Environment["Api__Keys__browser__Secret"] = ApiKey;
        start.Environment["Api__Keys__browser__Scopes__0"] = "append";
        start.Environment["Api__Keys__browser__Scopes__1"] = "read";

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(); // the test host may be stopped before DisposeAsync
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Api = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        try
        {
            await WaitUntilHealthyAsync();
            Pages = await FormSignIn.SignedInClientAsync(BaseAddress, DemoAdmin, DemoPassword);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public Task DisposeAsync()
    {
        Api?.Dispose();
        Pages?.Dispose();
        Stop();
        return Task.CompletedTask;
    }

    private void Stop()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null) return;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // gone already
        }
        process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            try
            {
                using var response = await probe.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The app was not healthy within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(250);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static string RepoRoot()
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
