using System.Net.Sockets;
using LvsActors.Linux.Relay;

namespace LvsActors.Director.DataPlanes.Userspace;

/// <summary>
/// One proxied TCP connection, as the data plane sees it: schedules a real server with the client's real addressing,
/// tries another server once when the first refuses or its connect times out, and releases the binding when the
/// relay ends. The bytes, FINs and resets are the <see cref="TcpRelayEngine"/>'s; its calls come on the engine's thread,
/// the sweeper's (timeouts, disposal) on others and go to the engine as requests.
/// </summary>
internal sealed class TcpConnection(TcpRelay relay, ClientEndpoint client, ProxiedService service, ProxyRuntime runtime)
    : TrackedConnection, ITcpRelaySession
{
    private Binding _binding;
    private bool _retried;

    public RelayDestination? NextServer(SocketError? failure)
    {
        try
        {
            if (failure is null)
            {
                _binding = service.Schedule(client, exclude: null);
                if (_binding.IsNone)
                    runtime.Log.Debug("{VirtualService}: no real server available for {Client}", service.Key, client.Address);
                return _binding.Server?.Destination;
            }
            var refused = _binding.Server!;
            runtime.Log.Debug("{VirtualService}: real server {RealServer} refused: {Reason}", service.Key, refused.Endpoint, failure);
            service.Release(_binding, ConnectionEnd.Failed);
            // Released: should scheduling again throw, Ended must not release it a second time.
            _binding = default;
            if (_retried)
                return null;
            _retried = true;
            _binding = service.Schedule(client, exclude: refused);
            return _binding.Server?.Destination;
        }
        catch (Exception e)
        {
            runtime.Log.Debug(e, "{VirtualService}: scheduling {Client} failed", service.Key, client.Address);
            return null;
        }
    }

    public void Ended(bool relayed, bool graceful)
    {
        runtime.Tcp.Remove(this);
        if (!_binding.IsNone)
            service.Release(_binding, relayed ? ConnectionEnd.Closed : ConnectionEnd.Failed);
        _binding = default;
    }

    public override bool IsExpired(long now) => relay.Connecting
        ? now - relay.LastActivity > runtime.TcpConnectTimeoutMilliseconds
        : now - relay.LastActivity > runtime.TcpIdleTimeoutMilliseconds;

    public override void Expire()
    {
        if (relay.Connecting)
        {
            runtime.Log.Debug("{VirtualService}: connect to a real server timed out", service.Key);
            relay.TimeOutConnect();
        }
        else
        {
            relay.Abort();
        }
    }

    /// <summary>Resets both legs (SO_LINGER 0); the engine then ends the relay and calls <see cref="Ended"/>.</summary>
    public override void Abort() => relay.Abort();
}
