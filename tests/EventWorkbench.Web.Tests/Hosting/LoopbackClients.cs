using System.Net;
using System.Net.Sockets;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// HTTP clients that connect from a chosen loopback address (any of 127.0.0.0/8 reaches the app on 127.0.0.1), so a
/// test can be several client addresses at once. Each keeps its cookies and does not follow redirects.
/// </summary>
public static class LoopbackClients
{
    public static HttpClient From(Uri baseAddress, string localAddress) =>
        new(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = baseAddress };
}
