using LvsActors.Director.DataPlanes;
using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Linux.Ipvs;
using LvsActors.Model;
using LvsActors.Table;
using Serilog;

namespace LvsActors.Cli;

/// <summary>
/// Opens the data plane a configuration names. <c>auto</c> takes the kernel's IPVS when this namespace has it and we
/// may program it (CAP_NET_ADMIN), and otherwise the userspace proxy; the log says which and why.
/// </summary>
internal static class DataPlaneChoice
{
    /// <summary>The data plane, or null when the one asked for cannot run here (the reason is logged).</summary>
    /// <param name="anycast">Active-active: the userspace proxy binds the VIPs before the director announces them.</param>
    public static IDataPlane? Create(DataPlaneKind kind, ILogger log, bool anycast = false)
    {
        var userspace = anycast ? new UserspaceOptions { BindNotYetLocal = true } : null;
        switch (kind)
        {
            case DataPlaneKind.DryRun:
                log.Information("Data plane: dry-run (the table is kept in memory and logged)");
                return new DryRunDataPlane();
            case DataPlaneKind.Userspace:
                log.Information("Data plane: userspace (an in-process L4 proxy applying the kernel's schedulers)");
                return new UserspaceDataPlane(userspace, log);
            case DataPlaneKind.Ipvs:
                if (IpvsDataPlane.TryOpen(out var ipvs, out var reason))
                {
                    log.Information("Data plane: ipvs ({Reason})", reason);
                    return ipvs;
                }
                log.Error("Data plane ipvs cannot be used: {Reason}", reason);
                return null;
            default:
                if (IpvsDataPlane.TryOpen(out var auto, out var why))
                {
                    log.Information("Data plane: ipvs, chosen by auto ({Reason})", why);
                    return auto;
                }
                log.Information("Data plane: userspace, chosen by auto because IPVS cannot be used here: {Reason}", why);
                return new UserspaceDataPlane(userspace, log);
        }
    }
}
