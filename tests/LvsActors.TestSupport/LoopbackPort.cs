using System.Net;
using System.Net.Sockets;

namespace LvsActors.TestSupport;

/// <summary>Ports on 127.0.0.0/8 (and ::1), the only network the tests use.</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free for both TCP and UDP on <paramref name="address"/> a moment ago.</summary>
    public static ushort Free(string address = "127.0.0.1")
    {
        var ip = IPAddress.Parse(address);
        while (true)
        {
            using var tcp = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(ip, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(ip, port));
                return (ushort)port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }
    }
}
