using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Userspace.Tests;

/// <summary>Addresses, ports and client helpers on 127.0.0.0/8, the only network these specs use.</summary>
internal static class Loopback
{
    /// <summary>A port that was free on <paramref name="address"/> a moment ago (TCP and UDP).</summary>
    public static ushort FreePort(string address)
    {
        var family = IPAddress.Parse(address).AddressFamily;
        while (true)
        {
            using var tcp = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Parse(address), port));
                return (ushort)port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }
    }

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

    /// <summary>Closes with RST instead of FIN.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the time is up; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, double seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (condition())
                return true;
            await Task.Delay(20);
        }
        return condition();
    }
}
