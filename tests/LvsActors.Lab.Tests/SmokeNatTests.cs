using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>The kernel's IPVS in NAT mode, programmed by ipvsadm: the lab itself works.</summary>
[Collection(LabCollection.Name)]
public sealed class SmokeNatTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Round_robin_over_NAT_alternates_between_both_real_servers()
    {
        var run = await LabRunner.Locate().RunAsync("smoke-nat", new LabOptions { Output = output.WriteLine });

        Assert.True(run.Succeeded, run.Describe());
        var responses = run.ReadLines("responses.txt");
        Assert.Equal(10, responses.Count);
        Assert.Equal(5, responses.Count(r => r == "rs1"));
        Assert.Equal(5, responses.Count(r => r == "rs2"));
        Assert.All(responses.Zip(responses.Skip(1)), pair => Assert.NotEqual(pair.Item1, pair.Item2));

        var rules = run.ReadLines("ipvsadm-S.txt");
        Assert.Contains("-A -t 203.0.113.100:80 -s rr", rules);
        Assert.Contains("-a -t 203.0.113.100:80 -r 198.51.100.11:80 -m -w 1", rules);
        Assert.Contains("-a -t 203.0.113.100:80 -r 198.51.100.12:80 -m -w 1", rules);
        output.WriteLine($"whole run {run.Elapsed.TotalSeconds:F1} s");
    }
}
