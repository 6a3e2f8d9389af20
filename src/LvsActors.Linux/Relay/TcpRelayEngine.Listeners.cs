using System.Diagnostics;
using System.Net.Sockets;
using LvsActors.Linux.Interop;

namespace LvsActors.Linux.Relay;

// The listeners: watched level-triggered, each turn takes up to AcceptsPerTurn clients, and one whose accept fails
// (descriptors ran out) rests AcceptPauseMilliseconds out of the epoll set.
public sealed partial class TcpRelayEngine
{
    private void Watch(RelayListener listener)
    {
        listener.Id = _listeners.IndexOf(null);
        if (listener.Id < 0)
        {
            listener.Id = _listeners.Count;
            _listeners.Add(listener);
        }
        else
        {
            _listeners[listener.Id] = listener;
        }
        var error = _epoll.Watch(listener.Fd, ListenerBit | (uint)listener.Id, Readiness.Readable, edgeTriggered: false);
        if (error != SocketError.Success)
        {
            Pause(listener, error);
        }
    }

    private void CloseListener(RelayListener listener)
    {
        if (listener.Fd >= 0)
        {
            // Closing removes it from the epoll set; a client still in its queue is reset by the kernel.
            ProbeSyscalls.Close(listener.Fd);
            listener.Fd = -1;
        }
        if (listener.Id >= 0)
        {
            _listeners[listener.Id] = null;
            listener.Id = -1;
        }
        if (listener.PausedUntil >= 0)
        {
            listener.PausedUntil = -1;
            _paused--;
        }
        listener.Closed();
    }

    private void Pause(RelayListener listener, SocketError error)
    {
        _epoll.Unwatch(listener.Fd);
        if (listener.PausedUntil < 0)
        {
            _paused++;
        }
        listener.PausedUntil = _now + AcceptPauseMilliseconds;
        try
        {
            listener.Acceptor.AcceptFailed(error);
        }
        catch (Exception e)
        {
            Trace.TraceError($"TCP relay acceptor failed: {e}");
        }
    }

    private void ResumeListeners()
    {
        foreach (var listener in _listeners)
        {
            if (listener is { PausedUntil: >= 0 } && _now >= listener.PausedUntil)
            {
                listener.PausedUntil = -1;
                _paused--;
                var error = _epoll.Watch(listener.Fd, ListenerBit | (uint)listener.Id, Readiness.Readable, edgeTriggered: false);
                if (error != SocketError.Success)
                {
                    Pause(listener, error);
                }
            }
        }
    }

    private void Accept(int id)
    {
        var listener = id < _listeners.Count ? _listeners[id] : null;
        if (listener is null)
        {
            return;
        }
        Span<byte> address = stackalloc byte[28];
        for (var accepted = 0; accepted < AcceptsPerTurn; accepted++)
        {
            var fd = RelaySyscalls.Accept(listener.Fd, address, out var length, out var error);
            if (fd < 0)
            {
                if (error == SocketError.WouldBlock)
                {
                    return;
                }
                if (error is SocketError.ConnectionAborted or SocketError.ConnectionReset)
                {
                    // The client left while it waited in the queue.
                    continue;
                }
                Pause(listener, error);
                return;
            }
            var relay = NewRelay(fd);
            try
            {
                relay.Session = listener.Acceptor.Accepted(relay, address[..length]);
            }
            catch (Exception e)
            {
                // The acceptor is ours and does not throw; if it does, this client is reset and the rest go on.
                Trace.TraceError($"TCP relay acceptor failed: {e}");
            }
            if (relay.Session is null
                || Watch(fd, Token(relay, server: false)) != SocketError.Success)
            {
                Close(relay, graceful: false);
                continue;
            }
            Connect(relay, failure: null);
        }
    }
}
