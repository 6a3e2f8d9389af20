using System.Net.Sockets;
using LvsActors.Configuration;
using LvsActors.Linux.Probes;

namespace LvsActors.Director.Checks;

/// <summary>
/// TCP_CHECK: up when the real server answers the SYN with a SYN-ACK, i.e. its port is listening. Like HAProxy's
/// layer-4 check, the final ACK is held back (TCP_QUICKACK off) and the socket closed with a reset, so the real
/// server's application never sees a connection to accept and close — the same verdict as keepalived's full
/// connect, at a fraction of the cost on both sides. Lean on purpose, since thousands run per second: one socket
/// and one timer per probe, and the success reason is built once. Given a <see cref="TcpProbeEngine"/> (Linux), its
/// loop runs there instead, with no task, timer or actor message per probe; <see cref="CheckAsync"/> stays on .NET
/// sockets, and is the only path elsewhere.
/// </summary>
public sealed class TcpChecker : ILoopingHealthChecker
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] QuickAckOff = new byte[4];
    private static readonly LingerOption ResetOnClose = new(true, 0);

    private readonly CheckEndpoints _endpoints;
    private readonly string _connected;
    private readonly TcpProbeEngine? _engine;

    /// <summary>Checks <paramref name="endpoints"/>' destination; loops on <paramref name="engine"/> when given.</summary>
    public TcpChecker(CheckEndpoints endpoints, TcpProbeEngine? engine = null)
    {
        _endpoints = endpoints;
        _engine = engine;
        _connected = $"connected to {endpoints.Target}";
    }

    /// <inheritdoc />
    public IProbeLoop? StartLoop(TimeSpan interval, TimeSpan timeout, IProbeLoopOwner owner) =>
        _engine is null ? null : new EngineLoop(this, interval, timeout, owner);

    /// <inheritdoc />
    public async Task<CheckResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = Deadline.Start(timeout, cancellationToken);
        Socket? socket = null;
        try
        {
            socket = _endpoints.OpenSocket(SocketType.Stream, ProtocolType.Tcp);
            // With quick ACKs off the kernel delays the ACK of the SYN-ACK, hoping to piggyback it on data; the
            // reset below goes out first.
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, QuickAckOff);
            await socket.ConnectAsync(_endpoints.Destination, deadline.Token).ConfigureAwait(false);
            socket.LingerState = ResetOnClose;
            return CheckResult.Success(_connected);
        }
        catch (Exception e)
        {
            return CheckFailures.From(e, "connect to", _endpoints.Target, timeout, cancellationToken);
        }
        finally
        {
            socket?.Dispose();
        }
    }

    /// <summary>The engine's loop, its results turned into the reasons <see cref="CheckAsync"/> gives, the common ones built once.</summary>
    private sealed class EngineLoop : IProbeLoop, ITcpProbeObserver
    {
        private readonly TcpChecker _checker;
        private readonly IProbeLoopOwner _owner;
        private readonly TcpProbeLoop _loop;
        private readonly CheckResult _connected;
        private readonly CheckResult _refused;
        private readonly CheckResult _timedOut;

        public EngineLoop(TcpChecker checker, TimeSpan interval, TimeSpan timeout, IProbeLoopOwner owner)
        {
            _checker = checker;
            _owner = owner;
            var target = checker._endpoints.Target;
            _connected = CheckResult.Success(checker._connected);
            _refused = CheckResult.Failure(CheckFailures.Describe(SocketError.ConnectionRefused, "connect to", target));
            _timedOut = CheckResult.Failure($"connect to {target} timed out after {DurationText.Format(timeout)}");
            _loop = checker._engine!.CreateLoop(checker._endpoints.Destination, checker._endpoints.Source, interval, timeout, this);
        }

        public void Run(TimeSpan delay, ProbeUntil until) => _loop.Run(delay, until switch
        {
            ProbeUntil.Failure => TcpProbeReport.FirstFailure,
            ProbeUntil.Success => TcpProbeReport.FirstSuccess,
            _ => TcpProbeReport.Next,
        });

        public void Probed(TcpProbeResult result, bool reported)
        {
            var checkResult = result switch
            {
                { Outcome: TcpProbeOutcome.Connected } => _connected,
                { Outcome: TcpProbeOutcome.TimedOut } => _timedOut,
                { Error: SocketError.ConnectionRefused } => _refused,
                _ => CheckResult.Failure(CheckFailures.Describe(result.Error, "connect to", _checker._endpoints.Target)),
            };
            _owner.Probed(checkResult, result.Duration, reported);
        }

        public void Dispose() => _loop.Dispose();
    }
}
