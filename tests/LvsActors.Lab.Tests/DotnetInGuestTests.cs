using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>A .NET program built on the host runs inside the guest and sees the guest's kernel and IPVS.</summary>
[Collection(LabCollection.Name)]
public sealed class DotnetInGuestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_host_built_assembly_runs_in_the_guest_and_sees_its_IPVS()
    {
        var options = new LabOptions
        {
            Output = output.WriteLine,
            Environment = new Dictionary<string, string>
            {
                ["LAB_DOTNET_DLL"] = typeof(GuestProbe).Assembly.Location,
                ["LAB_DOTNET_ARGS"] = "guest-probe probe.txt",
            },
        };

        var run = await LabRunner.Locate().RunAsync("dotnet-in-guest", options);

        Assert.True(run.Succeeded, run.Describe());
        var facts = run.ReadLines("probe.txt").Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.Equal(Environment.Version.ToString(), facts["runtime"]);
        Assert.StartsWith("6.1.", facts["kernel"], StringComparison.Ordinal);
        Assert.Equal("1", facts["processors"]);
        Assert.Equal("64", facts["allocated_mib"]);
        Assert.StartsWith("IP Virtual Server version", facts["ip_vs"], StringComparison.Ordinal);
    }
}
