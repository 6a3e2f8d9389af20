namespace LvsActors.Model;

/// <summary>The transport protocol of a virtual service (ipvsadm -t, -u, --sctp-service).</summary>
public enum Protocol
{
    Tcp,
    Udp,
    Sctp,
}
