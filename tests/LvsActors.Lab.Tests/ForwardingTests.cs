using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// NAT, direct routing and IP-in-IP tunnelling carry real HTTP requests through the kernel's IPVS with the table
/// programmed by <c>lvsactors apply</c> (scenario forwarding, config deploy/lab/configs/forwarding.conf).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ForwardingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Nat_dr_and_tun_each_balance_real_requests_over_their_own_real_servers()
    {
        var runner = LabRunner.Locate();
        var options = new LabOptions
        {
            Output = output.WriteLine,
            Environment = new Dictionary<string, string>
            {
                ["LAB_LVSACTORS"] = Lvsactors.Assembly,
                ["LAB_CONFIG"] = Path.Combine(runner.LabDirectory, "configs", "forwarding.conf"),
                ["LAB_PROBE_DLL"] = typeof(IpvsProbe).Assembly.Location,
            },
        };

        var run = await runner.RunAsync("forwarding", options);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal("9 changes: services 3 added, 0 edited, 0 removed; real servers 6 added, 0 edited, 0 removed", run.ReadLines("apply.txt")[^1]);
        foreach (var (method, servers) in new[] { ("nat", "rs"), ("dr", "dr"), ("tun", "tun") })
        {
            var responses = run.ReadLines($"responses-{method}.txt");
            Assert.Equal(6, responses.Count);
            // Round robin over the two real servers of this method only, alternating.
            Assert.Equal(3, responses.Count(r => r == $"{servers}1"));
            Assert.Equal(3, responses.Count(r => r == $"{servers}2"));
            Assert.All(responses.Zip(responses.Skip(1)), pair => Assert.NotEqual(pair.Item1, pair.Item2));
        }

        // Direct routing: the answers bypassed the director, so IPVS saw no outgoing packets for that service.
        var stats = run.ReadLines("ipvsadm-stats.txt");
        Assert.Matches(@"^TCP  203\.0\.113\.101:80 +6 +\d+ +0 +\d+ +0$", stats.Single(l => l.StartsWith("TCP  203.0.113.101:80", StringComparison.Ordinal)));
        // Tunnelling: each tunnel real server decapsulated the packets it answered.
        Assert.All(run.ReadLines("tunl0-rx.txt"), line => Assert.True(long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 0, line));

        Assert.Equal(run.ReadFile("ipvsadm-Ln.txt"), run.ReadFile("list.txt"));
        Assert.Equal(run.ReadFile("ipvsadm-stats.txt"), run.ReadFile("list-stats.txt"));
        Assert.Contains("TCP  203.0.113.100:80                    6", run.ReadFile("list-stats.txt"), StringComparison.Ordinal);
        // After the client's Zero every counter reads 0.
        var zeroed = run.ReadLines("zeroed-stats.txt").Skip(3).ToList();
        Assert.Equal(9, zeroed.Count);
        Assert.All(zeroed, line => Assert.Matches(@"^\S.*?( +0){5}$", line));
    }
}
