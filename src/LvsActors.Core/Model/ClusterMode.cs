namespace LvsActors.Model;

/// <summary>How the directors of a cluster share the VIPs (lvs.cluster.mode).</summary>
public enum ClusterMode
{
    /// <summary>One director owns the VIPs at a time, on a majority lease; the others stand by (keepalived's VRRP pair).</summary>
    ActiveStandby,

    /// <summary>
    /// Every healthy director in the majority announces every VIP by BGP and the routers spread flows over them by ECMP
    /// (Maglev, GLB, Katran); a flow-keeping scheduler (mh) picks the same real server for a flow on every director.
    /// </summary>
    ActiveActive,
}
