namespace LvsActors.Cli.Tests;

/// <summary>
/// apply, list and save outside the kernel lab: their usage errors, and what they say when the kernel has no IPVS
/// (this host's kernel has none; tests/LvsActors.Lab.Tests runs them against a real one).
/// </summary>
public sealed class KernelCommandTests
{
    private static bool HostHasIpvs => File.Exists("/proc/net/ip_vs");

    [Theory]
    [InlineData("list")]
    [InlineData("save")]
    [InlineData("apply", "hocon/nat.conf")]
    public void Without_ipvs_in_the_kernel_the_commands_say_so_and_exit_one(params string[] command)
    {
        Assert.False(HostHasIpvs,
            "this host's kernel has IPVS (/proc/net/ip_vs exists), so the commands cannot be seen failing without it here: " +
            "run this test on a host without ip_vs loaded (`modprobe -r ip_vs`); the kernel lab tests the commands against IPVS");
        var run = Lvsactors.Invoke(command);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            "lvsactors: cannot use the kernel's IPVS: IPVS not available (generic netlink family IPVS not found: is ip_vs loaded? try `modprobe ip_vs`)\n",
            run.Stderr);
    }

    [Fact]
    public void Apply_checks_the_configuration_before_touching_the_kernel()
    {
        var broken = Path.Combine("tests", "LvsActors.Core.Tests", "Corpus", "broken", "67-many-errors-at-once.conf");
        var run = Lvsactors.Invoke("apply", broken);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{broken}:8: lvs.virtual-services.web.real-servers[0].weight: 100000 is out of range; accepted: 0 to 65535", run.Stderr);
        Assert.DoesNotContain("IPVS", run.Stderr);
    }

    [Fact]
    public void List_takes_stats_or_rate_not_both()
    {
        var run = Lvsactors.Invoke("list", "--stats", "--rate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--stats and --rate cannot be used together", run.Stderr);
    }
}
