using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Userspace.Tests;

/// <summary>Client helpers on 127.0.0.0/8, the only network these specs use (ports: <see cref="LoopbackPort"/>).</summary>
internal static class Loopback
{
    /// <summary>Connects a TCP client, optionally from a given source address.</summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint vip, string? from = null)
    {
        var socket = new Socket(vip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (from is not null)
            socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(vip, timeout.Token);
        return socket;
    }

    /// <summary>Reads one line (up to '\n') byte by byte, so nothing after it is consumed.</summary>
    public static async Task<string> ReadLineAsync(Socket socket)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var n = await socket.ReceiveAsync(one, SocketFlags.None, timeout.Token);
            if (n == 0 || one[0] == '\n')
                return text.ToString();
            text.Append((char)one[0]);
        }
    }

    /// <summary>Reads until the peer closes; throws when it resets.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        var result = new MemoryStream();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
                return result.ToArray();
            result.Write(buffer, 0, n);
        }
    }

    /// <summary>Connects through the VIP and returns the name the real server greets with.</summary>
    public static async Task<string> WhoServesAsync(IPEndPoint vip, string? from = null)
    {
        using var socket = await ConnectAsync(vip, from);
        return await ReadLineAsync(socket);
    }
}
