using System.Runtime.InteropServices;

namespace LvsActors.Linux.Netlink;

/// <summary>
/// A netlink request failed: the kernel answered with an error (errno and, when it gave one, its extended-ack text)
/// or the socket call itself failed.
/// </summary>
public class NetlinkException : Exception
{
    /// <summary>Creates the exception from a finished message and the kernel's answer.</summary>
    public NetlinkException(string message, int errno, string? kernelMessage = null, Exception? inner = null)
        : base(message, inner)
    {
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    /// <summary>The positive errno the kernel or the socket call returned (17 EEXIST, 3 ESRCH, …); 0 when not an errno.</summary>
    public int Errno { get; }

    /// <summary>The kernel's extended-ack text (NLMSGERR_ATTR_MSG), when it sent one.</summary>
    public string? KernelMessage { get; }

    /// <summary>The C library's description of an errno, e.g. "File exists" for 17.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}

/// <summary>A socket call on a netlink socket (socket, bind, send, recv, setsockopt) failed.</summary>
public sealed class NetlinkSocketException : NetlinkException
{
    /// <summary>Creates the exception for the named call and its errno.</summary>
    public NetlinkSocketException(string call, int errno)
        : base(Format(call, errno), errno)
    {
        Call = call;
    }

    /// <summary>The call that failed, e.g. "recv".</summary>
    public string Call { get; }

    /// <summary>True when a receive timed out (SO_RCVTIMEO expired: EAGAIN).</summary>
    public bool IsTimeout => Errno == NetlinkConstants.EAGAIN;

    private static string Format(string call, int errno) => errno == NetlinkConstants.EAGAIN && call == "recv"
        ? "netlink recv: no reply from the kernel before the receive timeout"
        : $"netlink {call}: {Describe(errno)} (errno {errno})";
}
