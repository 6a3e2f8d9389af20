using System.Net;
using System.Net.Sockets;

namespace LvsActors.Linux.Probes;

/// <summary>What a finished TCP probe found.</summary>
public enum TcpProbeOutcome
{
    /// <summary>The real server answered the SYN with a SYN-ACK.</summary>
    Connected,

    /// <summary>The connect failed; <see cref="TcpProbeResult.Error"/> says how.</summary>
    Failed,

    /// <summary>No answer within the probe's timeout.</summary>
    TimedOut,

    /// <summary>A loop with an <see cref="IProbeExchange"/>: every request was sent and its answer read; the exchange judges it.</summary>
    Answered,
}

/// <summary>One probe's outcome and how long it took from opening the socket.</summary>
/// <param name="Error">Why it failed (Success when connected or answered, TimedOut after the probe's own timeout).</param>
public readonly record struct TcpProbeResult(TcpProbeOutcome Outcome, SocketError Error, TimeSpan Duration);

/// <summary>Which result of a <see cref="TcpProbeLoop"/> ends its run and goes to the owner as reported.</summary>
public enum TcpProbeReport
{
    /// <summary>The next one, whatever it is.</summary>
    Next,

    /// <summary>The first that neither connected nor had an answer that passed; the others repeat silently.</summary>
    FirstFailure,

    /// <summary>The first that connected, or whose answer passed (<see cref="IProbeExchange.Passed"/>); failures repeat silently.</summary>
    FirstSuccess,
}

/// <summary>Hears a <see cref="TcpProbeLoop"/>'s results, on the engine's thread: it must return quickly and not block.</summary>
public interface ITcpProbeObserver
{
    /// <summary>
    /// One probe finished. <paramref name="reported"/>: it is the one the run was waiting for, and the loop waits for
    /// the next <see cref="TcpProbeLoop.Run"/>; otherwise the next probe follows an interval after this one started.
    /// </summary>
    void Probed(TcpProbeResult result, bool reported);
}

/// <summary>
/// Repeated half-open TCP probes of one real server, run by a <see cref="TcpProbeEngine"/>: after a delay, then every
/// interval from the start of the previous probe, until the result its owner asked for. Its methods may be called
/// from any thread.
/// </summary>
public sealed class TcpProbeLoop : IDisposable
{
    private readonly TcpProbeEngine _engine;
    private long _delayTicks;
    private int _report;
    private volatile bool _stopped;

    internal TcpProbeLoop(
        TcpProbeEngine engine, IPEndPoint destination, IPEndPoint? source, TimeSpan interval, TimeSpan timeout, ITcpProbeObserver observer,
        IProbeExchange? exchange)
    {
        _engine = engine;
        State = new ProbeState(this, destination, source, interval, timeout, observer, exchange);
    }

    /// <summary>What the engine's thread keeps of this loop.</summary>
    internal ProbeState State { get; }

    internal bool Stopped => _stopped;

    /// <summary>
    /// Probes after <paramref name="delay"/>, then as <paramref name="report"/> says, replacing the current run (a
    /// probe in flight is abandoned).
    /// </summary>
    public void Run(TimeSpan delay, TcpProbeReport report)
    {
        Volatile.Write(ref _report, (int)report);
        Volatile.Write(ref _delayTicks, Math.Max(0, (long)Math.Ceiling(delay.TotalMilliseconds)));
        _engine.Submit(this);
    }

    /// <summary>The run to start: read by the engine's thread after <see cref="Run"/> submitted it.</summary>
    internal (long DelayMilliseconds, TcpProbeReport Report) Pending => (Volatile.Read(ref _delayTicks), (TcpProbeReport)Volatile.Read(ref _report));

    /// <summary>Stops probing; a probe in flight is abandoned and nothing more is heard.</summary>
    public void Dispose()
    {
        if (!_stopped)
        {
            _stopped = true;
            _engine.Submit(this);
        }
    }
}

/// <summary>Where a probe in flight is: connecting, sending its request, or reading the answer.</summary>
internal enum ProbePhase
{
    Connecting,
    Sending,
    Receiving,
}

/// <summary>The engine thread's side of a loop: its socket, its one timer (the next start or the probe's timeout), its run.</summary>
internal sealed class ProbeState(
    TcpProbeLoop loop, IPEndPoint destination, IPEndPoint? source, TimeSpan interval, TimeSpan timeout, ITcpProbeObserver observer, IProbeExchange? exchange)
    : WheelEntry
{
    public readonly TcpProbeLoop Loop = loop;
    public readonly byte[] Destination = Interop.ProbeSyscalls.SocketAddress(destination);
    public readonly byte[]? Source = source is null ? null : Interop.ProbeSyscalls.SocketAddress(source);
    public readonly bool ReuseSource = source is { Port: not 0 };
    public readonly long IntervalMilliseconds = Math.Max(1, (long)Math.Ceiling(interval.TotalMilliseconds));
    public readonly long TimeoutMilliseconds = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));
    public readonly ITcpProbeObserver Observer = observer;

    /// <summary>The request and answer after the connect, or null for a half-open probe.</summary>
    public readonly IProbeExchange? Exchange = exchange;

    /// <summary>Index in the engine's table, or −1 before the engine took the loop in.</summary>
    public int Id = -1;

    /// <summary>Counts probes, so that a readiness event of an abandoned probe is told from the current one's.</summary>
    public uint Generation;

    /// <summary>The socket of the probe in flight, or −1.</summary>
    public int Fd = -1;

    /// <summary>Where the probe in flight is.</summary>
    public ProbePhase Phase;

    /// <summary>How much of the current request went out.</summary>
    public int Sent;

    /// <summary>Stopwatch timestamp of the current probe's start.</summary>
    public long Started;

    /// <summary>The current run's stopping rule.</summary>
    public TcpProbeReport Report;

    /// <summary>A probe is in flight: its socket is open and its timeout set.</summary>
    public bool InFlight => Fd >= 0;
}
