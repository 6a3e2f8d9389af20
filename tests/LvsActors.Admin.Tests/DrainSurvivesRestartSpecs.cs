using Akka.Actor;
using LvsActors.Director.DataPlanes;
using LvsActors.Director.Intent;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>Operator intent is in the SQLite journal: a new actor system on the same file finds and applies it.</summary>
public sealed class DrainSurvivesRestartSpecs : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task A_drain_survives_a_restart_and_is_applied_again()
    {
        // A folder that does not exist yet: the first run creates it and the file.
        var text = Text(Sqlite(_scratch.File("state/admin.db")));
        var first = new DryRunDataPlane();
        await using (var host = Start(text, first))
        {
            await Eventually(() => WeightOf(first, Rs1) == 3, "web programmed as configured");
            await Ready(host.AdminState);
            var result = await Send(host.AdminState, new DrainRealServer(Service, Rs1, TimeSpan.FromHours(1), "spec"));
            Assert.IsType<AdminWriteAccepted>(result);
            await Eventually(() => WeightOf(first, Rs1) == 0, "the drained server at weight 0, still in the table");
        }

        var second = new DryRunDataPlane();
        await using (var host = Start(text, second))
        {
            await Eventually(() => WeightOf(second, Rs1) == 0 && WeightOf(second, Rs2) == 2, "the drain applied after the restart");
            // The services waited for the intent: the drained server was never programmed at its configured weight.
            Assert.DoesNotContain(second.History, c => c.ToString().Contains(Rs1) && c.ToString().EndsWith("weight 3"));
            var intent = await host.AdminState.Ask<AdminStateChanged>(GetAdminIntent.Instance, TimeSpan.FromSeconds(10));
            Assert.NotNull(intent.Intent.For(Service).For(Rs1).Drain);
            Assert.Equal(1, intent.Version);
        }
    }

    [Fact]
    public async Task Every_kind_of_intent_survives_a_restart_through_snapshots_and_events()
    {
        // A snapshot every 2 events: the restart recovers from a snapshot plus the events after it.
        var text = Text(Sqlite(_scratch.File("admin.db")), "snapshot-every = 2");
        var first = new DryRunDataPlane();
        await using (var host = Start(text, first))
        {
            await Eventually(() => WeightOf(first, Rs1) == 3, "web programmed");
            await Ready(host.AdminState);
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new OverrideWeight(Service, Rs1, 7, "spec")));
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new StartRealServerMaintenance(Service, Rs2, "spec")));
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new AddRealServer(Service, "198.51.100.14:80", 5, null, "spec")));
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new RemoveRealServer(Service, Rs3, "spec")));
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new DrainRealServer(Service, "198.51.100.14:80", null, "spec")));
            await Eventually(() => WeightOf(first, Rs1) == 7 && !InTable(first, Rs2) && !InTable(first, Rs3) && WeightOf(first, "198.51.100.14:80") == 0,
                "override, maintenance, removal and a drained runtime server in the table");
        }

        var second = new DryRunDataPlane();
        await using (var host = Start(text, second))
        {
            await Eventually(() => WeightOf(second, Rs1) == 7 && !InTable(second, Rs2) && !InTable(second, Rs3) && WeightOf(second, "198.51.100.14:80") == 0,
                "the same table after the restart");
        }
    }

    [Fact]
    public async Task A_drain_that_timed_out_while_the_director_was_down_completes_at_the_next_start()
    {
        var text = Text(Sqlite(_scratch.File("timeout.db")));
        var first = new DryRunDataPlane();
        await using (var host = Start(text, first))
        {
            await Ready(host.AdminState);
            // 4 s: long enough to see it draining on a loaded host (with 1 s the drain sometimes completed unseen).
            Assert.IsType<AdminWriteAccepted>(await Send(host.AdminState, new DrainRealServer(Service, Rs2, TimeSpan.FromSeconds(4), "spec")));
            await Eventually(() => WeightOf(first, Rs2) == 0, "draining at weight 0");
        }
        await Task.Delay(4200);

        var second = new DryRunDataPlane();
        await using (var host = Start(text, second))
        {
            await Eventually(() => WeightOf(second, Rs1) == 3 && !InTable(second, Rs2), "the timed-out drain completed: out of the table");
            var state = await Ready(host.AdminState);
            Assert.True(state.Intent.For(Service).For(Rs2).Drain!.Completed);
        }
    }

    public void Dispose() => _scratch.Dispose();
}
