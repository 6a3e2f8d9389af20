using LvsActors.Linux.Interop;
using Tmds.Linux;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Netlink;

/// <summary>Moves datagrams to and from the kernel; <see cref="NetlinkChannel"/> gives them meaning.
/// Tests substitute a scripted transport to replay replies byte by byte.</summary>
internal interface INetlinkTransport : IDisposable
{
    /// <summary>The port id the kernel assigned to our socket; replies carry it in nlmsg_pid.</summary>
    uint PortId { get; }

    void Send(ReadOnlySpan<byte> datagram);

    int Receive(Span<byte> buffer);
}

/// <summary>A bound netlink socket of one protocol, configured so that bulk work neither hangs nor loses acks.</summary>
internal sealed class NetlinkSocket : INetlinkTransport
{
    // Asked for, not guaranteed: the kernel caps SO_RCVBUF at net.core.rmem_max (then doubles it for overhead).
    // Each ack of a batch sits in this buffer until we read it; NetlinkChannel bounds a batch to fit the default.
    private const int RequestedReceiveBuffer = 1 << 20;

    private readonly SocketHandle _handle;

    private NetlinkSocket(SocketHandle handle, uint portId)
    {
        _handle = handle;
        PortId = portId;
    }

    public uint PortId { get; }

    /// <summary>Opens, configures and binds a socket for <paramref name="protocol"/> (NETLINK_GENERIC, NETLINK_ROUTE).</summary>
    public static NetlinkSocket Open(int protocol, TimeSpan receiveTimeout)
    {
        SocketHandle handle = NetlinkSyscalls.Open(protocol);
        try
        {
            NetlinkSyscalls.SetReceiveTimeout(handle, receiveTimeout);
            NetlinkSyscalls.SetOption(handle, LibC.SOL_SOCKET, LibC.SO_RCVBUF, RequestedReceiveBuffer, "SO_RCVBUF");
            TrySetOption(handle, NETLINK_EXT_ACK, "NETLINK_EXT_ACK");   // 4.12+: error text in NLMSG_ERROR.
            TrySetOption(handle, NETLINK_CAP_ACK, "NETLINK_CAP_ACK");   // 4.3+: errors do not echo our request back.
            uint portId = NetlinkSyscalls.BindAndGetPortId(handle);
            return new NetlinkSocket(handle, portId);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Send(ReadOnlySpan<byte> datagram) => NetlinkSyscalls.Send(_handle, datagram);

    public int Receive(Span<byte> buffer) => NetlinkSyscalls.Receive(_handle, buffer);

    public void Dispose() => _handle.Dispose();

    private static void TrySetOption(SocketHandle handle, int option, string name)
    {
        try
        {
            NetlinkSyscalls.SetOption(handle, LibC.SOL_NETLINK, option, 1, name);
        }
        catch (NetlinkSocketException)
        {
            // Older kernels (ENOPROTOOPT) still work; errors just come without the extra detail.
        }
    }
}
