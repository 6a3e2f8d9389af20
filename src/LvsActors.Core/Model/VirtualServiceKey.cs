using System.Net.Sockets;

namespace LvsActors.Model;

/// <summary>What identifies a virtual service in the kernel: protocol + address + port, or a firewall mark.</summary>
public abstract record VirtualServiceKey
{
    /// <summary>IPv4 or IPv6.</summary>
    public abstract AddressFamily Family { get; }

    /// <summary>The port real servers default to: the service port, or 0 for a firewall-mark service.</summary>
    public abstract ushort Port { get; }
}

/// <summary>A service on protocol + VIP + port (ipvsadm -t/-u/--sctp-service ADDR:PORT).</summary>
public sealed record AddressServiceKey(Protocol Protocol, Endpoint Endpoint) : VirtualServiceKey
{
    public override AddressFamily Family => Endpoint.Family;
    public override ushort Port => Endpoint.Port;
    public override string ToString() => $"{Endpoint}/{Protocol.ToString().ToUpperInvariant()}";
}

/// <summary>A service on packets carrying a netfilter firewall mark (ipvsadm -f MARK).</summary>
public sealed record FirewallMarkServiceKey(uint Mark, AddressFamily AddressFamily) : VirtualServiceKey
{
    public override AddressFamily Family => AddressFamily;
    public override ushort Port => 0;
    public override string ToString() => AddressFamily == AddressFamily.InterNetworkV6 ? $"fwmark {Mark}/IPv6" : $"fwmark {Mark}";
}
