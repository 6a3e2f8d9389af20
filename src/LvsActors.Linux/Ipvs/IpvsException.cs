using LvsActors.Linux.Netlink;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Ipvs;

/// <summary>
/// The kernel refused an IPVS operation. The message names the operation and its object and says why, e.g.
/// "IPVS AddDestination 198.51.100.11:80 to 192.0.2.1:80/TCP: destination exists".
/// </summary>
public class IpvsException : NetlinkException
{
    /// <summary>Creates the exception for an operation, its subject and the kernel's answer.</summary>
    public IpvsException(string operation, string subject, int errno, string reason, string? kernelMessage = null)
        : base(Format(operation, subject, reason, kernelMessage), errno, kernelMessage)
    {
        Operation = operation;
        Subject = subject;
    }

    /// <summary>The operation, e.g. "AddService".</summary>
    public string Operation { get; }

    /// <summary>What it acted on, e.g. "192.0.2.1:80/TCP"; empty for global operations.</summary>
    public string Subject { get; }

    /// <summary>True when the object already existed (EEXIST).</summary>
    public bool AlreadyExists => Errno == EEXIST;

    /// <summary>True when the service (ESRCH) or destination (ENOENT on destination commands) does not exist.</summary>
    public bool NotFound => Errno == ESRCH || (Errno == ENOENT && Operation.EndsWith("Destination", StringComparison.Ordinal));

    internal static IpvsException From(IpvsOperation operation, NetlinkAck ack) =>
        new(operation.Name, operation.Subject, ack.Errno, operation.Explain(ack.Errno) ?? GenericReason(ack.Errno),
            ack.KernelMessage);

    internal static IpvsException From(string operation, string subject, NetlinkAck ack) =>
        new(operation, subject, ack.Errno, GenericReason(ack.Errno), ack.KernelMessage);

    /// <summary>What an errno means for IPVS commands in general (ip_vs_ctl.c's return values).</summary>
    internal static string GenericReason(int errno) => errno switch
    {
        EPERM => "operation not permitted: needs CAP_NET_ADMIN in this network namespace",
        ESRCH => "no such service",
        ENOENT => "not found",
        EEXIST => "already exists",
        ERANGE => "weight or threshold out of range (weight must be >= 0, lower threshold <= upper threshold)",
        EINVAL => "invalid argument (missing or bad attribute, GUE tunnel without port, "
            + "destination address not unicast, or mixed address families without tunnelling)",
        EAFNOSUPPORT => "address family not supported (IPv6 needs a kernel with CONFIG_IP_VS_IPV6)",
        _ => $"{Describe(errno)} (errno {errno})",
    };

    private static string Format(string operation, string subject, string reason, string? kernelMessage)
    {
        string where = subject.Length == 0 ? operation : $"{operation} {subject}";
        string detail = kernelMessage is { Length: > 0 } ? $" (kernel: {kernelMessage})" : string.Empty;
        return $"IPVS {where}: {reason}{detail}";
    }
}

/// <summary>IPVS is not available: the kernel has no generic netlink family "IPVS" (module ip_vs not loaded or not built).</summary>
public sealed class IpvsUnavailableException : NetlinkException
{
    /// <summary>Creates the exception with the standard explanation.</summary>
    public IpvsUnavailableException()
        : base("IPVS not available (generic netlink family IPVS not found: is ip_vs loaded? try `modprobe ip_vs`)", ENOENT)
    {
    }
}

/// <summary>The outcome of one operation of a batch: success, or the error the kernel gave for it.</summary>
/// <param name="Operation">The operation.</param>
/// <param name="Error">Null on success.</param>
public sealed record IpvsOperationResult(IpvsOperation Operation, IpvsException? Error)
{
    /// <summary>True when the kernel acknowledged the operation without error.</summary>
    public bool Succeeded => Error is null;
}
