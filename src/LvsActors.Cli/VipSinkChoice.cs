using Akka.Configuration;
using LvsActors.Director.Leadership;
using LvsActors.Model;
using LvsActors.Table;
using Serilog;

namespace LvsActors.Cli;

/// <summary>Which VIP sink a director runs with.</summary>
internal enum VipSinkKind
{
    /// <summary>Not a cluster member: no leadership, no sink.</summary>
    None,

    /// <summary>The kernel's: VIPs on the interfaces, gratuitous ARP and NA, the IPVS sync daemon.</summary>
    Kernel,

    /// <summary>In memory: ownership is decided and shown, but no address moves.</summary>
    Recording,
}

/// <summary>
/// Chooses the VIP sink for <c>lvsactors run</c>: the kernel's on a cluster member with the ipvs data plane; in memory
/// with userspace or dry-run, where the data plane does not touch the kernel and neither should leadership.
/// </summary>
internal static class VipSinkChoice
{
    /// <summary>The kind of sink for the data plane named <paramref name="dataPlane"/> (its IDataPlane.Name).</summary>
    /// <param name="anycast">Active-active: the VIPs go on the BGP VIP interface with the userspace proxy too, whose listeners
    /// bind them before they are there; only dry-run touches no kernel.</param>
    public static VipSinkKind Choose(string dataPlane, bool clustered, bool anycast = false) =>
        !clustered ? VipSinkKind.None : dataPlane == "ipvs" || (anycast && dataPlane == "userspace") ? VipSinkKind.Kernel : VipSinkKind.Recording;

    /// <summary>True when <paramref name="akka"/> makes the node a cluster member (akka.actor.provider = cluster or its class).</summary>
    public static bool IsClustered(Config akka) => ClusterProvider.IsCluster(akka.GetString("akka.actor.provider", ""));

    /// <summary>The sink, or null when the node is not a cluster member; the caller disposes a kernel sink after the host stopped.</summary>
    public static IVipSink? Create(IDataPlane dataPlane, Config akka, ILogger log, bool anycast = false)
    {
        switch (Choose(dataPlane.Name, IsClustered(akka), anycast))
        {
            case VipSinkKind.Kernel:
                return new KernelVipSink(log);
            case VipSinkKind.Recording:
                log.Warning("VIPs are not put on interfaces with the {DataPlane} data plane: leadership decides the owner, but no address is added, announced or synced; use data-plane = ipvs for that",
                    dataPlane.Name);
                return new RecordingVipSink("lvs");
            default:
                return null;
        }
    }
}
