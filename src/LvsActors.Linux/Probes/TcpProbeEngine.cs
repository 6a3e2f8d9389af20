using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Interop;

namespace LvsActors.Linux.Probes;

/// <summary>
/// Runs TCP probes for many real servers on one thread, as HAProxy does: non-blocking sockets, one epoll set and a
/// timer wheel that holds each loop's next start or probe timeout. A probe is half-open (SYN, SYN-ACK, reset), or,
/// given an <see cref="IProbeExchange"/>, a request and its answer read on the same socket (an HTTP GET). Per probe it
/// costs the system calls and nothing else: no task, no timer object, no allocation in the engine. Owners hear
/// results through their <see cref="ITcpProbeObserver"/>, and only the ones they asked for as reported. Linux only.
/// </summary>
public sealed class TcpProbeEngine : IDisposable
{
    // One turn of the wheel: 4.096 s in millisecond slots, more than a usual delay-loop, so most timers fire on their first visit.
    private const int WheelSlots = 4096;

    // Readiness events taken per epoll_wait: ten thousand probes a second finish about ten per millisecond.
    private const int Batch = 256;

    // Timers handled between two looks at finished connects. Each start costs some 20 µs; a burst of thousands (after a
    // pause) would otherwise hold back the resets past the peer's delayed ACK (40 ms), and full connections would
    // reach the real servers' accept queues.
    private const int TimersPerTurn = 32;

    // Probe tokens carry a loop's index in the low half, below the eventfd's (EpollSet.WakeupToken).

    // Answers are read through one buffer for all loops: an exchange keeps what it needs of each read.
    private const int ReceiveSize = 16 * 1024;

    private static readonly Lazy<TcpProbeEngine> SharedEngine = new(() => new TcpProbeEngine("tcp-probes"));

    private readonly EpollSet _epoll;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<TcpProbeLoop> _submitted = new();
    private readonly List<ProbeState?> _loops = [];
    private readonly Stack<int> _freeIds = new();
    private readonly List<WheelEntry> _expired = [];
    private int _nextExpired;
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly TimerWheel _wheel;
    private readonly byte[] _received = new byte[ReceiveSize];
    private volatile bool _disposed;

    /// <summary>Starts an engine with its own thread named <paramref name="threadName"/>.</summary>
    public TcpProbeEngine(string threadName)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the TCP probe engine needs Linux (epoll)");
        }
        _wheel = new TimerWheel(WheelSlots, 0);
        _epoll = new EpollSet();
        _thread = new Thread(RunLoop) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>True where the engine can run (Linux); elsewhere checkers keep to .NET sockets.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The engine of this process, started on first use. One thread carries ten thousand probes a second at about a quarter of a core.</summary>
    public static TcpProbeEngine Shared => SharedEngine.Value;

    /// <summary>
    /// A loop probing <paramref name="destination"/> (from <paramref name="source"/> when given) every
    /// <paramref name="interval"/>, each probe given up after <paramref name="timeout"/>: half-open, or with
    /// <paramref name="exchange"/>'s requests and answers when given. It starts with its first <see cref="TcpProbeLoop.Run"/>.
    /// </summary>
    public TcpProbeLoop CreateLoop(
        IPEndPoint destination, IPEndPoint? source, TimeSpan interval, TimeSpan timeout, ITcpProbeObserver observer, IProbeExchange? exchange = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new TcpProbeLoop(this, destination, source, interval, timeout, observer, exchange);
    }

    /// <summary>Stops the thread and closes every socket; loops hear nothing more.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _epoll.WakeNow();
        _thread.Join();
        foreach (var state in _loops)
        {
            if (state is { InFlight: true })
            {
                ProbeSyscalls.Close(state.Fd);
            }
        }
        _epoll.Dispose();
    }

    /// <summary>Hands a loop's new run or stop to the engine's thread, waking it at most once per batch of hand-overs.</summary>
    internal void Submit(TcpProbeLoop loop)
    {
        if (_disposed)
        {
            return;
        }
        _submitted.Enqueue(loop);
        _epoll.Wake();
    }

    private long Now() => (long)Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    private void RunLoop()
    {
        Span<(ulong Token, Readiness Events)> ready = new (ulong, Readiness)[Batch];
        while (!_disposed)
        {
            var behind = _nextExpired < _expired.Count;
            var count = _epoll.Wait(ready, behind ? 0 : _wheel.MillisecondsToNext(Now()));
            for (var i = 0; i < count; i++)
            {
                if (ready[i].Token == EpollSet.WakeupToken)
                {
                    _epoll.TakeWakeup();
                    TakeSubmitted();
                }
                else
                {
                    var events = ready[i].Events;
                    Ready(ready[i].Token, (events & (Readiness.Error | Readiness.Hangup)) != 0, (events & Readiness.Readable) != 0);
                }
            }
            _wheel.Advance(Now(), _expired);
            var end = Math.Min(_expired.Count, _nextExpired + TimersPerTurn);
            for (; _nextExpired < end; _nextExpired++)
            {
                var state = (ProbeState)_expired[_nextExpired];
                if (!state.Expired)
                {
                    // Set again, finished or stopped since it expired.
                    continue;
                }
                state.Expired = false;
                if (state.InFlight)
                {
                    Complete(state, TcpProbeOutcome.TimedOut, SocketError.TimedOut);
                }
                else
                {
                    Start(state);
                }
            }
            if (_nextExpired == _expired.Count)
            {
                _expired.Clear();
                _nextExpired = 0;
            }
        }
    }

    private void TakeSubmitted()
    {
        while (_submitted.TryDequeue(out var loop))
        {
            var state = loop.State;
            Abandon(state);
            if (loop.Stopped)
            {
                if (state.Id >= 0)
                {
                    _loops[state.Id] = null;
                    _freeIds.Push(state.Id);
                    state.Id = -1;
                }
                continue;
            }
            if (state.Id < 0)
            {
                state.Id = _freeIds.Count > 0 ? _freeIds.Pop() : _loops.Count;
                if (state.Id == _loops.Count)
                {
                    _loops.Add(state);
                }
                else
                {
                    _loops[state.Id] = state;
                }
            }
            var (delay, report) = loop.Pending;
            state.Report = report;
            _wheel.Add(state, Now() + delay);
        }
    }

    /// <summary>Drops a loop's timer and probe in flight, when its owner replaced the run or stopped it.</summary>
    private void Abandon(ProbeState state)
    {
        _wheel.Remove(state);
        if (state.InFlight)
        {
            ProbeSyscalls.Close(state.Fd);
            state.Fd = -1;
        }
    }

    private void Start(ProbeState state)
    {
        state.Started = Stopwatch.GetTimestamp();
        state.Generation++;
        state.Exchange?.Begin();
        if (Connect(state))
        {
            _wheel.Add(state, Now() + state.TimeoutMilliseconds);
        }
    }

    /// <summary>Opens the probe's next connection; false when it already completed the probe (failed, or connected at once without an exchange).</summary>
    private bool Connect(ProbeState state)
    {
        // An exchange sends its request with the ACK of the SYN-ACK, so its socket may delay that ACK just the same.
        var fd = ProbeSyscalls.OpenProbeSocket(state.Destination, state.Source, state.ReuseSource, out var error);
        if (fd < 0)
        {
            Complete(state, TcpProbeOutcome.Failed, error);
            return false;
        }
        error = ProbeSyscalls.Connect(fd, state.Destination);
        if (error == SocketError.Success && state.Exchange is null)
        {
            // Connected at once (rare even on the loopback): a half-open probe is over.
            ProbeSyscalls.Close(fd);
            Complete(state, TcpProbeOutcome.Connected, error);
            return false;
        }
        if (error is SocketError.IOPending or SocketError.Success)
        {
            // Connected at once or not, an exchange's request goes out when epoll reports the socket writable.
            // Edge-triggered for both directions: one event when the connect finishes (writable, or an error), then one
            // each time more of an answer arrives; one registration serves the whole probe.
            error = _epoll.Watch(fd, (ulong)state.Generation << 32 | (uint)state.Id, Readiness.Readable | Readiness.Writable, edgeTriggered: true);
            if (error == SocketError.Success)
            {
                state.Fd = fd;
                state.Phase = ProbePhase.Connecting;
                return true;
            }
        }
        ProbeSyscalls.Close(fd);
        Complete(state, TcpProbeOutcome.Failed, error);
        return false;
    }

    private void Ready(ulong token, bool failed, bool readable)
    {
        var id = (int)(uint)token;
        var state = id < _loops.Count ? _loops[id] : null;
        if (state is null || !state.InFlight || state.Generation != (uint)(token >> 32))
        {
            return;
        }
        switch (state.Phase)
        {
            case ProbePhase.Connecting:
                // Writable without an error means the SYN-ACK came; only a failure needs SO_ERROR to say which.
                var error = failed ? ProbeSyscalls.PendingError(state.Fd) : SocketError.Success;
                if (failed && error == SocketError.Success)
                {
                    error = SocketError.ConnectionReset;
                }
                if (error != SocketError.Success)
                {
                    Complete(state, TcpProbeOutcome.Failed, error);
                }
                else if (state.Exchange is null)
                {
                    Complete(state, TcpProbeOutcome.Connected, SocketError.Success);
                }
                else
                {
                    state.Phase = ProbePhase.Sending;
                    state.Sent = 0;
                    Send(state, readable);
                }
                break;
            case ProbePhase.Sending:
                Send(state, readable);
                break;
            default:
                Receive(state);
                break;
        }
    }

    /// <summary>
    /// Sends what is left of the request; once all of it went, the answer is read as it arrives. The socket is watched
    /// edge-triggered: bytes that came with the same event (a server that speaks first) are read now, or no event
    /// would announce them again.
    /// </summary>
    private void Send(ProbeState state, bool readable)
    {
        var request = state.Exchange!.Request;
        var sent = ProbeSyscalls.Send(state.Fd, request[state.Sent..], out var error);
        if (sent < 0)
        {
            Complete(state, TcpProbeOutcome.Failed, error);
            return;
        }
        state.Sent += sent;
        if (state.Sent < request.Length)
        {
            // The socket's buffer is full (a request larger than it): the rest when it is writable again.
            return;
        }
        state.Phase = ProbePhase.Receiving;
        if (readable)
        {
            Receive(state);
        }
    }

    /// <summary>Reads what arrived until the socket has no more, the exchange has its answer, or the server closed.</summary>
    private void Receive(ProbeState state)
    {
        var exchange = state.Exchange!;
        while (true)
        {
            var read = ProbeSyscalls.Receive(state.Fd, _received, out var error);
            if (read < 0)
            {
                if (error != SocketError.WouldBlock)
                {
                    Complete(state, TcpProbeOutcome.Failed, error);
                }
                return;
            }
            if (read > 0 && !exchange.Received(_received.AsSpan(0, read)))
            {
                continue;
            }
            // The answer is complete, or the server closed (read 0): either way this connection is done.
            Close(state);
            if (!exchange.Answered())
            {
                Complete(state, TcpProbeOutcome.Answered, SocketError.Success);
            }
            else if (Connect(state))
            {
                // The next request of the same probe, within the same timeout.
            }
            return;
        }
    }

    /// <summary>Closes the probe's socket; with linger 0 a connection still open goes with a reset, and leaves no TIME_WAIT behind.</summary>
    private static void Close(ProbeState state)
    {
        ProbeSyscalls.Close(state.Fd);
        state.Fd = -1;
    }

    private void Complete(ProbeState state, TcpProbeOutcome outcome, SocketError error)
    {
        _wheel.Remove(state);
        if (state.InFlight)
        {
            // Linger 0: a connected socket goes with a reset where the final ACK would have been.
            Close(state);
        }
        var result = new TcpProbeResult(outcome, error, Stopwatch.GetElapsedTime(state.Started));
        var passed = outcome == TcpProbeOutcome.Connected || (outcome == TcpProbeOutcome.Answered && state.Exchange!.Passed);
        var reported = state.Report switch
        {
            TcpProbeReport.FirstFailure => !passed,
            TcpProbeReport.FirstSuccess => passed,
            _ => true,
        };
        if (!reported)
        {
            var started = (long)Stopwatch.GetElapsedTime(_origin, state.Started).TotalMilliseconds;
            _wheel.Add(state, started + state.IntervalMilliseconds);
        }
        try
        {
            state.Observer.Probed(result, reported);
        }
        catch (Exception e)
        {
            // An observer is ours and does not throw; if one does, the other loops must go on.
            Trace.TraceError($"TCP probe observer failed: {e}");
        }
    }
}
