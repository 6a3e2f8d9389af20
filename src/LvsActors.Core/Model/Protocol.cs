namespace LvsActors.Model;

/// <summary>
/// The transport protocol of a virtual service (ipvsadm -t, -u, --sctp-service), valued by its IANA protocol number
/// (IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP) so that the netlink code writes <c>IPVS_SVC_ATTR_PROTOCOL</c> straight from it.
/// </summary>
/// <remarks>
/// The only enum for a protocol, from configuration to kernel. It has no "none" member: a firewall-mark service has no
/// protocol, which <see cref="FirewallMarkServiceKey"/> (and a null <c>IpvsServiceKey.Protocol</c>) says by
/// construction. It has no ICMP either: IPVS schedules connections only for TCP, UDP and SCTP packets (AH/ESP
/// packets are passed on unscheduled, <c>ah_esp_conn_schedule</c>; an ICMP error is scheduled, if at all, by the
/// TCP/UDP/SCTP header it carries), so neither services nor the schedulers' packets need another member.
/// Member names are part of the configuration's and the admin journal's text ("TCP" in "192.0.2.1:80/TCP"): keep them.
/// </remarks>
public enum Protocol : byte
{
    /// <summary>TCP (IPPROTO_TCP).</summary>
    Tcp = 6,

    /// <summary>UDP (IPPROTO_UDP).</summary>
    Udp = 17,

    /// <summary>SCTP (IPPROTO_SCTP).</summary>
    Sctp = 132,
}
