using System.Net;
using System.Net.Sockets;
using EventWorkbench.Testing;
using Npgsql;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>The app connects to PostgreSQL through a proxy the test can cut, as a network or server outage would.</summary>
public sealed class OutageHost : ApiHost
{
    public TcpProxy Proxy { get; private set; } = null!;

    protected override async Task<string> AppConnectionStringAsync(TestDatabase database)
    {
        var direct = new NpgsqlConnectionStringBuilder(database.AppConnectionString);
        Proxy = await TcpProxy.StartAsync(direct.Host!, direct.Port);
        return new NpgsqlConnectionStringBuilder(database.AppConnectionString) { Host = "127.0.0.1", Port = Proxy.Port, Timeout = 3 }.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Proxy.Dispose();
    }
}

public sealed class DatabaseOutageTests(OutageHost host) : IClassFixture<OutageHost>
{
    [Fact]
    public async Task An_unreachable_database_is_503_with_retry_after_and_health_names_the_part_that_is_down()
    {
        var writer = host.Client(ApiHost.AppendKey);
        var stream = NewStreamId();
        (await writer.PostEventsAsync(stream, Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        host.Proxy.Cut();
        try
        {
            var append = await writer.PostEventsAsync(NewStreamId(), Batch(Started()));
            var read = await host.Client(ApiHost.ReadKey).GetAsync("/api/streams");
            var health = await host.Client().GetAsync("/health");

            foreach (var response in new[] { append, read })
            {
                var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
                response.Headers.RetryAfter.ShouldNotBeNull();
                response.Headers.RetryAfter!.Delta.ShouldNotBeNull();
                problem["detail"]!.ToString().ShouldContain("PostgreSQL does not answer");
            }
            health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            health.Headers.RetryAfter.ShouldNotBeNull();
            var report = await health.ReadObjectAsync();
            report["checks"]!["event-store"]!["status"]!.ToString().ShouldBe("Unhealthy");
            report["checks"]!["event-store"]!["description"]!.ToString().ShouldContain("does not answer");
        }
        finally
        {
            host.Proxy.Resume();
        }

        // Back again: the same app answers without a restart.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage healthy;
        do
        {
            healthy = await host.Client().GetAsync("/health");
            if (healthy.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        healthy.StatusCode.ShouldBe(HttpStatusCode.OK, await healthy.Content.ReadAsStringAsync());
        (await writer.PostEventsAsync(NewStreamId(), Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

/// <summary>A loopback TCP proxy to one server; <see cref="Cut"/> drops every connection and refuses new ones until <see cref="Resume"/>.</summary>
public sealed class TcpProxy : IDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener _listener;
    private CancellationTokenSource _stop = new();

    private TcpProxy(string targetHost, int targetPort, TcpListener listener)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = listener;
    }

    public int Port { get; private set; }

    public static Task<TcpProxy> StartAsync(string targetHost, int targetPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        var proxy = new TcpProxy(targetHost, targetPort, listener);
        proxy.Listen(listener);
        proxy.Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return Task.FromResult(proxy);
    }

    public void Cut()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_open)
        {
            foreach (var client in _open) client.Dispose();
            _open.Clear();
        }
    }

    public void Resume()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        Listen(_listener);
    }

    private void Listen(TcpListener listener)
    {
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient incoming;
                try
                {
                    incoming = await listener.AcceptTcpClientAsync(stop);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = PipeAsync(incoming, stop);
            }
        }, stop);
    }

    private async Task PipeAsync(TcpClient incoming, CancellationToken stop)
    {
        var outgoing = new TcpClient();
        lock (_open)
        {
            _open.Add(incoming);
            _open.Add(outgoing);
        }
        try
        {
            await outgoing.ConnectAsync(_targetHost, _targetPort, stop);
            var there = incoming.GetStream().CopyToAsync(outgoing.GetStream(), stop);
            var back = outgoing.GetStream().CopyToAsync(incoming.GetStream(), stop);
            await Task.WhenAny(there, back);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Cut, or one side closed.
        }
        finally
        {
            incoming.Dispose();
            outgoing.Dispose();
        }
    }

    public void Dispose()
    {
        Cut();
        _stop.Dispose();
    }
}
