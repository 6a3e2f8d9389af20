using System.Net;
using System.Net.Sockets;

namespace LvsActors.TestSupport;

/// <summary>The listening side of the stub real servers that tests and benchmarks start.</summary>
public static class RealServerSocket
{
    /// <summary>
    /// A TCP socket listening on <paramref name="endPoint"/> (port 0: a free one). SO_REUSEADDR, so that a benchmark
    /// can bring back a real server on the port it just closed while old connections sit in TIME_WAIT.
    /// </summary>
    public static Socket Listen(IPEndPoint endPoint, int backlog = 512)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(endPoint);
        socket.Listen(backlog);
        return socket;
    }

    /// <summary>
    /// Accepts until <paramref name="listener"/> is closed or <paramref name="stop"/> is cancelled, handing each
    /// connection to <paramref name="serve"/> without waiting for it, so that one slow client holds up no other.
    /// </summary>
    public static async Task AcceptAsync(Socket listener, Func<Socket, Task> serve, CancellationToken stop = default)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // closed or stopped: the real server is gone
            }
            _ = serve(client);
        }
    }

    /// <summary>Closes with RST instead of FIN, as a crashed real server's kernel would.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }
}
