using System.Net;
using System.Net.Sockets;
using LvsActors.Model;

namespace LvsActors.Director.Checks;

/// <summary>
/// Where a checker sends its probe and which local address and port it sends from: the real server, unless
/// connect_ip / connect_port override it, and the kernel's choice of source, unless bindto / bind_port set it.
/// </summary>
/// <param name="Destination">The address and port probed.</param>
/// <param name="Source">The local address and port to bind before sending, or null to let the kernel choose.</param>
public sealed record CheckEndpoints(IPEndPoint Destination, IPEndPoint? Source)
{
    /// <summary>Applies a check's connect options to its real server.</summary>
    public static CheckEndpoints For(ConnectOptions connect, Endpoint realServer)
    {
        var destination = new IPEndPoint(connect.Address ?? realServer.Address, connect.Port ?? realServer.Port);
        IPEndPoint? source = null;
        if (connect.BindAddress is not null || connect.BindPort is not null)
        {
            // A bind port without a bind address binds the wildcard address of the destination's family.
            var any = destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            source = new IPEndPoint(connect.BindAddress ?? any, connect.BindPort ?? 0);
        }
        return new CheckEndpoints(destination, source);
    }

    /// <summary>The destination as operators read it: <c>127.0.0.1:80</c>, <c>[::1]:80</c>.</summary>
    public string Target => new Endpoint(Destination.Address, (ushort)Destination.Port).ToString();

    /// <summary>A socket of the destination's family, bound to <see cref="Source"/> when one is set. The caller owns it.</summary>
    public Socket OpenSocket(SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(Destination.AddressFamily, type, protocol);
        try
        {
            if (Source is not null)
            {
                if (Source.Port != 0)
                {
                    // A fixed source port would otherwise be refused for as long as the last probe's TIME_WAIT lasts.
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }
                socket.Bind(Source);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
