using LvsActors.Linux.Ipvs;

namespace LvsActors.Cli;

/// <summary>Opens the kernel's IPVS for the commands that read or program it, or says on stderr why it cannot.</summary>
internal static class KernelTable
{
    /// <summary>The IPVS data plane of this network namespace, or null after printing why it is unavailable.</summary>
    public static IpvsDataPlane? Open()
    {
        if (IpvsDataPlane.TryOpen(out var plane, out var reason))
        {
            return plane;
        }
        Console.Error.WriteLine($"lvsactors: cannot use the kernel's IPVS: {reason}");
        return null;
    }
}
