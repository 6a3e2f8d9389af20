using Akka.TestKit.Xunit2;
using LvsActors.Director.Admin;
using LvsActors.Director.Leadership;

namespace LvsActors.Director.Tests.Admin;

/// <summary>The admin API's cluster section: absent off a cluster, the status when it answers, a reason when it does not.</summary>
public sealed class ClusterStatusReaderTests : TestKit
{
    [Fact]
    public async Task A_node_that_is_no_cluster_member_has_no_cluster_section() =>
        Assert.Null(await new ClusterStatusReader(null, TimeSpan.FromSeconds(1)).ReadAsync(CancellationToken.None));

    [Fact]
    public async Task The_answer_of_the_cluster_status_actor_is_served_as_it_is()
    {
        var status = new ClusterStatus("akka.tcp://lvs@192.0.2.11:4053", [], new VipOwnership(null, 0), null);
        var probe = CreateTestProbe();
        var read = new ClusterStatusReader(probe.Ref, TimeSpan.FromSeconds(5)).ReadAsync(CancellationToken.None);
        probe.ExpectMsg<GetClusterStatus>();
        probe.Reply(status);

        Assert.Equal(new Director.Admin.Api.ClusterView(status, null), await read);
    }

    [Fact]
    public async Task A_query_that_times_out_says_so_instead_of_failing()
    {
        var silent = CreateTestProbe();

        var view = await new ClusterStatusReader(silent.Ref, TimeSpan.FromMilliseconds(200)).ReadAsync(CancellationToken.None);

        Assert.NotNull(view);
        Assert.Null(view.Status);
        Assert.Equal("the cluster status did not answer within 0.2s", view.Error);
    }
}
