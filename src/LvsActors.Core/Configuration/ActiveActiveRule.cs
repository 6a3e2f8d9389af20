using LvsActors.Configuration.Hocon;
using LvsActors.Model;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// Refuses an active-active service whose scheduler cannot keep flows. With every director announcing the VIPs, the
/// routers' ECMP hash decides which director sees a flow, and a change of the director set (one dies, one is drained,
/// one returns) moves flows to a director that has no connection entry for them. That director schedules the flow's
/// next packet afresh (sloppy_tcp): a scheduler that hashes the client (mh, sh; dh hashes the destination) over the
/// same real servers picks the same real server and the flow goes on; rr, wlc and the others pick by counters that
/// differ per director, so the flow lands on another real server, which resets it. <c>flows-may-move = on</c> on the
/// service accepts that (short connections, UDP that tolerates it).
/// </summary>
internal static class ActiveActiveRule
{
    // The kernel's schedulers whose choice is a function of the packet and the real servers alone.
    private static readonly string[] FlowKeeping = ["mh", "sh", "dh"];

    public static void Check(HoconObject root, LvsConfig config, List<ConfigError> errors)
    {
        if (config.Cluster.Mode != ClusterMode.ActiveActive)
        {
            return;
        }
        foreach (var service in config.VirtualServices)
        {
            if (service.FlowsMayMove || FlowKeeping.Contains(service.Scheduler.Name))
            {
                continue;
            }
            var at = Scalar(root, "lvs", "virtual-services", service.Name, "scheduler")?.Position
                ?? Node(root, "lvs", "virtual-services", service.Name)?.Position ?? root.Position;
            errors.Add(new ConfigError(at, $"lvs.virtual-services.{service.Name}.scheduler",
                $"{service.Scheduler.Name} picks a real server by counters of its own director, so a flow that the routers move to another "
                + "director (one died, was drained or returned) lands on another real server and breaks; in active-active use mh "
                + "(Maglev hashing; mh-port to spread one client's flows), sh or dh, or set flows-may-move = on to accept it"));
        }
    }
}
