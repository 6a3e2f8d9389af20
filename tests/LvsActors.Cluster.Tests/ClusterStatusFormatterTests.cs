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
        ], new VipOwnership("akka.tcp://lvs@192.0.2.11:4053", 42));

        Assert.Equal("""
            VIP owner: akka.tcp://lvs@192.0.2.11:4053 (epoch 42)
            Member                          Status    Reachable  Roles
            akka.tcp://lvs@192.0.2.11:4053  Up        yes        director (self) (leader) (owner)
            akka.tcp://lvs@192.0.2.12:4053  Up        NO         director
            akka.tcp://lvs@192.0.2.13:4053  Up        yes        witness

            """.ReplaceLineEndings("\n"), ClusterStatusFormatter.Format(status));
    }

    [Fact]
    public void Says_when_nobody_owns_the_vips_or_the_owner_did_not_answer()
    {
        Assert.StartsWith("VIP owner: none\n", ClusterStatusFormatter.Format(new ClusterStatus("a", [], new VipOwnership(null, 7))));
        Assert.StartsWith("VIP owner: unknown (the VipOwner did not answer)\n", ClusterStatusFormatter.Format(new ClusterStatus("a", [], null)));
    }
}
