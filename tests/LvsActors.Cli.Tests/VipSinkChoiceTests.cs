using Akka.Configuration;

namespace LvsActors.Cli.Tests;

/// <summary>Which VIP sink <c>lvsactors run</c> takes: the kernel's on a cluster member with the ipvs data plane (in
/// active-active with the userspace proxy too).</summary>
public sealed class VipSinkChoiceTests
{
    [Theory]
    [InlineData("ipvs", true, "Kernel")]
    [InlineData("userspace", true, "Recording")]
    [InlineData("dry-run", true, "Recording")]
    [InlineData("ipvs", false, "None")]
    [InlineData("dry-run", false, "None")]
    public void The_kernel_sink_goes_with_ipvs_on_a_cluster_member(string dataPlane, bool clustered, string expected) =>
        Assert.Equal(expected, VipSinkChoice.Choose(dataPlane, clustered).ToString());

    [Theory]
    [InlineData("ipvs", true, "Kernel")]
    [InlineData("userspace", true, "Kernel")]
    [InlineData("dry-run", true, "Recording")]
    [InlineData("userspace", false, "None")]
    public void Active_active_announces_through_the_kernel_with_the_userspace_proxy_too(string dataPlane, bool clustered, string expected) =>
        Assert.Equal(expected, VipSinkChoice.Choose(dataPlane, clustered, anycast: true).ToString());

    [Theory]
    [InlineData("akka.actor.provider = cluster", true)]
    [InlineData("akka.actor.provider = \"Akka.Cluster.ClusterActorRefProvider, Akka.Cluster\"", true)]
    [InlineData("akka.actor.provider = local", false)]
    [InlineData("", false)]
    public void A_node_is_a_cluster_member_when_the_akka_provider_says_cluster(string hocon, bool expected) =>
        Assert.Equal(expected, VipSinkChoice.IsClustered(ConfigurationFactory.ParseString(hocon)));
}
