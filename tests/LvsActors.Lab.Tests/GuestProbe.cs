using System.Runtime;

namespace LvsActors.Lab.Tests;

/// <summary>
/// The test assembly's entry point, run inside the UML guest by the dotnet-in-guest scenario
/// (<c>dotnet exec LvsActors.Lab.Tests.dll guest-probe FILE</c>): records what the .NET runtime sees there;
/// <c>ipvs-probe DIR</c> and <c>ipvs-zero</c> run <see cref="IpvsProbe"/> instead. The test host never calls it; xunit finds the tests
/// by reflection.
/// </summary>
public static class GuestProbe
{
    /// <summary>Writes key=value facts about the runtime and kernel to FILE (or runs the IPVS probe); exits 2 on bad arguments.</summary>
    public static int Main(string[] args)
    {
        if (args is ["ipvs-probe", var directory])
        {
            return IpvsProbe.Run(directory);
        }

        if (args is ["ipvs-zero"])
        {
            return IpvsProbe.ZeroAll();
        }

        if (args.Length != 2 || args[0] != "guest-probe")
        {
            Console.Error.WriteLine("usage: LvsActors.Lab.Tests guest-probe FILE | ipvs-probe DIR | ipvs-zero");
            return 2;
        }

        // Allocate and run threads a little, so the GC and thread pool are exercised, not only started.
        var blocks = Enumerable.Range(0, 64).AsParallel().Select(_ => new byte[1 << 20]).ToList();
        var ipvs = File.Exists("/proc/net/ip_vs") ? File.ReadLines("/proc/net/ip_vs").First() : "absent";
        var facts = new Dictionary<string, string>
        {
            ["runtime"] = Environment.Version.ToString(),
            ["kernel"] = File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
            ["processors"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["server_gc"] = GCSettings.IsServerGC.ToString(),
            ["gc_available_bytes"] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["allocated_mib"] = blocks.Sum(b => b.Length / (1 << 20)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ip_vs"] = ipvs,
        };
        var text = string.Concat(facts.Select(f => $"{f.Key}={f.Value}\n"));
        File.WriteAllText(args[1], text);
        Console.Write(text);
        return 0;
    }
}
