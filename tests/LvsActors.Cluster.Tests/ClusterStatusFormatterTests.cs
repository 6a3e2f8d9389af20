using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

public sealed class ClusterStatusFormatterTests
{
    [Fact]
    public void Shows_the_owner_with_its_epoch_and_one_line_per_member()
    {
        var status = new ClusterStatus("akka.tcp://lvs@192.0.2.11:4053",
        [
            new MemberStatusLine("akka.tcp://lvs@192.0.2.11:4053", "Up", ["director"], true, true),
            new MemberStatusLine("akka.tcp://lvs@192.0.2.12:4053", "Up", ["director"], false, false),
            new MemberStatusLine("akka.tcp://lvs@192.0.2.13:4053", "Up", ["witness"], true, false),
        ], new VipOwnership("akka.tcp://lvs@192.0.2.11:4053", 42), new LocalVips(42, true, "ok"));

        Assert.Equal("""
            VIP owner: akka.tcp://lvs@192.0.2.11:4053 (epoch 42)
            This node: holds the VIPs (epoch 42)
            Member                          Status    Reachable  Roles
            akka.tcp://lvs@192.0.2.11:4053  Up        yes        director (self) (leader) (owner)
            akka.tcp://lvs@192.0.2.12:4053  Up        NO         director
            akka.tcp://lvs@192.0.2.13:4053  Up        yes        witness

            """.ReplaceLineEndings("\n"), ClusterStatusFormatter.Format(status));
    }

    [Fact]
    public void Says_when_nobody_owns_the_vips_or_the_owner_did_not_answer()
    {
        Assert.StartsWith("VIP owner: none\n", ClusterStatusFormatter.Format(new ClusterStatus("a", [], new VipOwnership(null, 7), null)));
        Assert.StartsWith("VIP owner: unknown (the VipOwner did not answer)\n", ClusterStatusFormatter.Format(new ClusterStatus("a", [], null, null)));
    }

    [Fact]
    public void Says_whether_this_node_holds_the_vips_may_take_them_or_is_a_witness()
    {
        MemberStatusLine[] witness = [new("a", "Up", ["witness"], true, false)];
        MemberStatusLine[] director = [new("a", "Up", ["director"], true, false)];
        var owner = new VipOwnership("b", 3);

        Assert.Contains("\nThis node: does not hold the VIPs; may take them\n", ClusterStatusFormatter.Format(new ClusterStatus("a", director, owner, new LocalVips(null, true, "ok"))));
        Assert.Contains("\nThis node: does not hold the VIPs; may not take them: no majority\n",
            ClusterStatusFormatter.Format(new ClusterStatus("a", director, owner, new LocalVips(null, false, "no majority"))));
        Assert.Contains("\nThis node: a witness; it never holds the VIPs\n", ClusterStatusFormatter.Format(new ClusterStatus("a", witness, owner, null)));
        Assert.Contains("\nThis node: unknown (its VipHolder did not answer)\n", ClusterStatusFormatter.Format(new ClusterStatus("a", director, owner, null)));
    }

    [Fact]
    public void Active_active_shows_the_mode_what_this_director_announces_and_its_bgp_sessions()
    {
        var director = new[] { new MemberStatusLine("a", "Up", ["director"], true, true) };
        var text = ClusterStatusFormatter.Format(new ClusterStatus("a", director, null, new LocalVips(1, true, "ok"))
        {
            ActiveActive = true,
            Bgp = [new BgpSessionLine("lvs_router1", "up", "Established"), new BgpSessionLine("lvs_router2", "start", "Active Socket: Connection refused")],
        });

        Assert.StartsWith("Mode: active-active (every director announces the VIPs it can serve)\nThis node: announces the VIPs\n"
            + "BGP lvs_router1: up Established\nBGP lvs_router2: start Active Socket: Connection refused\n", text);
        Assert.DoesNotContain("VIP owner", text);
        Assert.Contains("This node: announces nothing: drained\n",
            ClusterStatusFormatter.Format(new ClusterStatus("a", director, null, new LocalVips(null, false, "drained")) { ActiveActive = true, BgpProblem = "x" }));
    }
}
