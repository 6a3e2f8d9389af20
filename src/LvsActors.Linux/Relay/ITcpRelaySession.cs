using System.Net;
using System.Net.Sockets;
using LvsActors.Linux.Interop;

namespace LvsActors.Linux.Relay;

/// <summary>
/// The owner's side of one relayed connection: it chooses the real servers and hears how the connection ended. The
/// engine calls it on its own thread only, so it must not block (a lock held for a scheduling decision is fine).
/// </summary>
public interface ITcpRelaySession
{
    /// <summary>
    /// The real server to connect to: the first when <paramref name="failure"/> is null, or another after the last
    /// connect failed for that reason. Null resets the client.
    /// </summary>
    RelayDestination? NextServer(SocketError? failure);

    /// <summary>
    /// Called once, when both sockets are closed: <paramref name="relayed"/> when a real server was connected,
    /// <paramref name="graceful"/> when both FINs were passed on (otherwise both legs were reset).
    /// </summary>
    void Ended(bool relayed, bool graceful);
}

/// <summary>Takes each client a <see cref="RelayListener"/> accepts.</summary>
public interface ITcpRelayAcceptor
{
    /// <summary>
    /// A client was accepted from <paramref name="clientAddress"/> (its sockaddr_in or sockaddr_in6): the session that
    /// will relay it, or null to reset it at once (too many connections). Called on the engine's thread.
    /// </summary>
    ITcpRelaySession? Accepted(TcpRelay relay, ReadOnlySpan<byte> clientAddress);

    /// <summary>Accept failed for a reason other than an empty queue (descriptors ran out); the listener pauses 50 ms.</summary>
    void AcceptFailed(SocketError error);
}

/// <summary>A real server as the engine connects to it: its sockaddr built once, shared by every connection.</summary>
public sealed class RelayDestination(IPEndPoint endPoint)
{
    public IPEndPoint EndPoint { get; } = endPoint;

    internal byte[] Address { get; } = ProbeSyscalls.SocketAddress(endPoint);
}
