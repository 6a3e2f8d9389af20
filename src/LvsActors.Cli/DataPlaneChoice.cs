using LvsActors.Director.DataPlanes;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Cli;

/// <summary>Opens the data plane a configuration names; for <c>auto</c>, IPVS when it can be used, and the log says why not.</summary>
internal static class DataPlaneChoice
{
    /// <summary>The data plane, or null when the one asked for cannot run here (the reason is logged).</summary>
    public static IDataPlane? Create(DataPlaneKind kind, ILogger log)
    {
        switch (kind)
        {
            case DataPlaneKind.DryRun:
                log.Information("Data plane: dry-run (the table is kept in memory and logged)");
                return new DryRunDataPlane();
            default:
                log.Error("Data plane {DataPlane} is not available in this build", kind);
                return null;
        }
    }
}
