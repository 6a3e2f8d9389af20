using System.Text.Json;
using LvsActors.Scheduling;
using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Our schedulers choose what the kernel's IPVS chooses: the kernel schedules real connections in the lab
/// (scheduler-choices scenario), then <c>lvsactors simulate</c> replays the same connections - same source
/// address and port, same destination, in the same order - against the same servers, and every choice and every
/// server's active/inactive count must agree.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SchedulerChoicesTests(SchedulerChoicesLab lab, ITestOutputHelper output) : IClassFixture<SchedulerChoicesLab>
{
    public static TheoryData<string> VariantNames => new(SchedulerChoicesLab.Variants.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void Simulate_chooses_the_server_the_kernel_chose_for_every_connection(string name)
    {
        Assert.True(lab.Run.Succeeded, lab.Run.Describe());
        var variant = SchedulerChoicesLab.Variants.Single(v => v.Name == name);
        // SRC:PORT DST:PORT rsN (or none: refused, no destination), one line per connection in the order made.
        var kernel = lab.Run.ReadLines($"choices-{name}.txt").Select(line => line.Split(' ')).ToList();
        Assert.Equal(variant.Connections, kernel.Count);

        using var simulated = Simulate(variant.SimulateArguments(kernel.Select(k => (k[0], k[1]))));
        var choices = simulated.RootElement.GetProperty("connections").EnumerateArray()
            .Select(c => c.GetProperty("server").GetString() is { } server ? SchedulerVariant.NameOf(server) : "none")
            .ToList();
        Assert.Equal(variant.Connections, choices.Count);

        var mismatches = kernel.Zip(choices)
            .Select((pair, i) => (Number: i + 1, Kernel: pair.Item1, Simulated: pair.Item2))
            .Where(c => c.Kernel[2] != c.Simulated)
            .Select(c => $"connection {c.Number} {c.Kernel[0]} > {c.Kernel[1]}: kernel {c.Kernel[2]}, simulate {c.Simulated}")
            .ToList();
        output.WriteLine($"{name}: {kernel.Count} connections compared, {mismatches.Count} mismatches; kernel chose {string.Concat(kernel.Select(k => k[2] == "none" ? "-" : k[2][2..]))}");
        Assert.True(mismatches.Count == 0, $"{name} ({variant.ToLabLine()}):\n{string.Join('\n', mismatches)}");

        var kernelCounters = KernelCounters(lab.Run.ReadLines($"counters-{name}.txt"));
        var simulatedCounters = simulated.RootElement.GetProperty("servers").EnumerateArray()
            .ToDictionary(s => SchedulerVariant.NameOf(s.GetProperty("server").GetString()!), s => (s.GetProperty("active").GetInt32(), s.GetProperty("inactive").GetInt32()));
        Assert.Equal(kernelCounters, simulatedCounters);
    }

    [Fact]
    public void The_kernel_replicated_with_lblcr_where_lblc_moved_so_both_paths_were_compared()
    {
        Assert.True(lab.Run.Succeeded, lab.Run.Describe());
        string Choices(string name) => string.Concat(lab.Run.ReadLines($"choices-{name}.txt").Select(line => line.Split(' ')[2][2..]));
        var lblc = Choices(SchedulerChoicesLab.LblcHot);
        var lblcr = Choices(SchedulerChoicesLab.LblcrHot);
        output.WriteLine($"lblc  {lblc}\nlblcr {lblcr}");
        Assert.NotEqual(lblc, lblcr);
    }

    [Fact]
    public void The_lab_kernel_has_the_table_sizes_simulate_assumes_and_no_twos()
    {
        Assert.True(lab.Run.Succeeded, lab.Run.Describe());
        var config = lab.Run.ReadLines("kernel-config.txt");
        output.WriteLine(string.Join('\n', config.Where(l => l.Contains("TAB", StringComparison.Ordinal) || l.Contains("TWOS", StringComparison.Ordinal))));
        // simulate has no table-size options: it uses the kernel's defaults, which must be this kernel's settings.
        Assert.Contains($"CONFIG_IP_VS_SH_TAB_BITS={SchedulerOptions.Default.SourceHashTableBits}", config);
        Assert.Contains($"CONFIG_IP_VS_MH_TAB_INDEX={SchedulerOptions.Default.MaglevTableIndex}", config);
        Assert.Contains("# CONFIG_IP_VS_TWOS is not set", config);
    }

    /// <summary>ActiveConn and InActConn per real server from <c>ipvsadm -Ln</c> of one service.</summary>
    private static Dictionary<string, (int Active, int Inactive)> KernelCounters(IEnumerable<string> listing) =>
        listing
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f is ["->", var address, ..] && char.IsDigit(address[0]))
            .ToDictionary(f => SchedulerVariant.NameOf(f[1]), f => (int.Parse(f[4]), int.Parse(f[5])));

    private static JsonDocument Simulate(IReadOnlyList<string> args)
    {
        var run = Lvsactors.Invoke([.. args]);
        Assert.True(run.ExitCode == 0, $"lvsactors {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}");
        return JsonDocument.Parse(run.Stdout);
    }
}
