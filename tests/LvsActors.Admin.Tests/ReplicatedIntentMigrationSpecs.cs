using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>A director that kept its intent in its SQLite journal becomes a cluster member: its intent is carried over.</summary>
public sealed class ReplicatedIntentMigrationSpecs : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task The_first_start_with_replication_carries_the_journal_s_drain_into_the_replica_and_applies_it()
    {
        var journal = Sqlite(_scratch.File("admin.db"));
        var single = new DryRunDataPlane();
        await using (var host = Start(Text(journal), single))
        {
            await Ready(host.AdminState);
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new DrainRealServer(Service, Rs1, TimeSpan.FromHours(1), "before upgrade")));
        }

        var clustered = Text(journal, $"replication.dir = \"{_scratch.File("intent")}\"", """
            actor.provider = cluster
            remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            cluster.roles = [director]
            """) + "\nlvs.fencing.expected-voters = 3\nlvs.cluster.tls.insecure = on\n";
        var member = new DryRunDataPlane();
        await using (var host = Start(clustered, member))
        {
            var state = await Ready(host.AdminState);
            Assert.NotNull(state.Intent.For(Service).For(Rs1).Drain);
            await Eventually(() => WeightOf(member, Rs1) == 0, "the carried-over drain applied");
            Assert.DoesNotContain(member.History, c => c.ToString().Contains(Rs1) && c.ToString().EndsWith("weight 3"));
        }

        // The replica now holds it on its own: a start without the journal's events still has the drain.
        File.Delete(_scratch.File("admin.db"));
        await using (var host = Start(clustered, new DryRunDataPlane()))
        {
            var state = await Ready(host.AdminState);
            Assert.NotNull(state.Intent.For(Service).For(Rs1).Drain);
        }
    }

    public void Dispose() => _scratch.Dispose();
}
