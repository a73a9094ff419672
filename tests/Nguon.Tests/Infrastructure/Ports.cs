using System.Net;
using System.Net.Sockets;

namespace Nguon.Tests.Infrastructure;

public static class Ports
{
    /// <summary>Distinct free loopback ports (held together while probing so that they differ).</summary>
    public static int[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    public static (int Http, int Silo, int Gateway) ForSilo()
    {
        var p = Free(3);
        return (p[0], p[1], p[2]);
    }
}
