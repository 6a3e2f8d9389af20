using System.Net;

namespace LvsActors.Linux.Rtnetlink;

/// <summary>An address configured on an interface, as RTM_GETADDR reports it.</summary>
/// <param name="InterfaceIndex">The interface's index.</param>
/// <param name="Address">The interface's own address (IFA_LOCAL, or IFA_ADDRESS where there is no IFA_LOCAL).</param>
/// <param name="PrefixLength">The prefix length.</param>
/// <param name="Scope">RT_SCOPE_*: 0 universe, 253 link, 254 host.</param>
/// <param name="Flags">IFA_F_* flags (e.g. 0x02 NODAD, 0x80 PERMANENT).</param>
/// <param name="Label">The IPv4 label (e.g. "eth0:vip"); null for IPv6.</param>
public sealed record InterfaceAddress(
    int InterfaceIndex, IPAddress Address, byte PrefixLength, byte Scope, uint Flags, string? Label)
{
    /// <summary>"192.0.2.1/32".</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";
}
