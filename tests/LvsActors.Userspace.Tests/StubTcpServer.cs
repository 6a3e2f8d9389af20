using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Userspace.Tests;

/// <summary>What a stub real server does with a connection.</summary>
internal enum StubBehaviour
{
    /// <summary>Greets with its name and a newline, echoes everything, and on the client's FIN writes "EOF\n" and closes.</summary>
    Echo,

    /// <summary>Greets, reads one byte, then resets the connection.</summary>
    ResetAfterFirstByte,
}

/// <summary>A real server on a loopback address: counts what it accepted and the resets it saw.</summary>
internal sealed class StubTcpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly StubBehaviour _behaviour;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Socket> _open = [];
    private int _accepted;
    private int _resetsSeen;
    private int _finsSeen;
    private readonly List<string> _endings = [];

    public StubTcpServer(string name, string address = "127.0.0.1", StubBehaviour behaviour = StubBehaviour.Echo)
    {
        Name = name;
        _behaviour = behaviour;
        _listener = RealServerSocket.Listen(new IPEndPoint(IPAddress.Parse(address), 0));
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loop = AcceptAsync();
    }

    public string Name { get; }

    public IPEndPoint EndPoint { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections that ended with a reset from the proxy's side.</summary>
    public int ResetsSeen => Volatile.Read(ref _resetsSeen);

    /// <summary>Connections whose client half closed (a FIN reached us).</summary>
    public int FinsSeen => Volatile.Read(ref _finsSeen);

    /// <summary>How each connection ended, for assertion messages: "fin", "reset", or the error that ended it.</summary>
    public string Endings
    {
        get
        {
            lock (_endings)
                return _endings.Count == 0 ? "none yet" : string.Join(", ", _endings);
        }
    }

    private void Ended(string how)
    {
        lock (_endings)
            _endings.Add(how);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        lock (_open)
        {
            foreach (var socket in _open)
                socket.Dispose();
        }
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task AcceptAsync() => RealServerSocket.AcceptAsync(_listener, socket =>
    {
        Interlocked.Increment(ref _accepted);
        lock (_open)
        {
            _open.Add(socket);
        }
        return ServeAsync(socket);
    }, _stop.Token);

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(Name + "\n"), SocketFlags.None);
            var buffer = new byte[64 * 1024];
            if (_behaviour == StubBehaviour.ResetAfterFirstByte)
            {
                await socket.ReceiveAsync(buffer.AsMemory(0, 1), SocketFlags.None);
                RealServerSocket.Reset(socket);
                return;
            }
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    Interlocked.Increment(ref _finsSeen);
                    Ended("fin");
                    await socket.SendAsync("EOF\n"u8.ToArray(), SocketFlags.None);
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            Interlocked.Increment(ref _resetsSeen);
            Ended("reset");
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Ended(e is SocketException s ? s.SocketErrorCode.ToString() : e.GetType().Name);
            // The spec is over or the peer went away.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(socket);
            }
            socket.Dispose();
        }
    }
}
