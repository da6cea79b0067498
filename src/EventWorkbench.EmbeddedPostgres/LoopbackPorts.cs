using System.Net;
using System.Net.Sockets;

namespace EventWorkbench.EmbeddedPostgres;

internal static class LoopbackPorts
{
    /// <summary>A loopback port nothing listens on now (the system picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
