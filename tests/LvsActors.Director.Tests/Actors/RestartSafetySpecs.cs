using System.Text;
using Akka.Actor;
using LvsActors.Director.Actors;
using LvsActors.Director.DataPlanes;
using LvsActors.Model;
using LvsActors.Table;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>
/// A director started over a table it programmed before (as <c>lvsactors run</c> restarts over the kernel's), or
/// reloaded, writes only what changed: it never removes a service or a real server it is about to put back, which
/// on the kernel would drop that service's established connections.
/// </summary>
public sealed class RestartSafetySpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    private const int Count = 2000;

    /// <summary><paramref name="count"/> TCP services on 192.0.2.x, each with four real servers and no checks (always up).</summary>
    private static string Table(int count, Func<int, int>? weight = null)
    {
        var text = new StringBuilder("lvs.virtual-services {\n");
        for (var i = 0; i < count; i++)
        {
            var vip = $"192.0.2.{1 + i / 200}:{10000 + i % 200}";
            text.Append($"  s{i} {{ address = \"{vip}\", scheduler = wrr, real-servers = [");
            for (var r = 1; r <= 4; r++)
            {
                text.Append($"{(r > 1 ? "," : "")} {{ address = \"198.51.100.{r}:80\", weight = {(r == 1 && weight is not null ? weight(i) : 1)} }}");
            }
            text.Append(" ] }\n");
        }
        return text.Append("}\n").ToString();
    }

    private IActorRef Start(LvsConfig config, string name) =>
        Sys.ActorOf(DirectorSupervisor.Props(config, DataPlane, Services(), DirectorSettings.Default), name);

    private void AwaitWhole(int count) =>
        AwaitAssert(() => Assert.Equal(count * 4, DataPlane.Table.Sum(s => s.Destinations.Count)), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));

    private void Stop(IActorRef director)
    {
        Watch(director);
        Sys.Stop(director);
        ExpectTerminated(director, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_restart_over_a_programmed_table_of_2000_services_writes_nothing()
    {
        var config = Config(Table(Count));
        Stop(StartAndAwait(config, "first"));
        var programmed = DataPlane.History.Count;
        Assert.Equal(Count * 5, programmed);

        var second = Start(config, "second");
        // The director is up when it can list its services; then give the data plane time to write if it would.
        await second.Ask<VirtualServiceActors>(GetVirtualServices.Instance, TimeSpan.FromSeconds(30));
        await Task.Delay(2000);

        var written = DataPlane.History.Skip(programmed).ToList();
        Assert.True(written.Count == 0, $"{written.Count} writes on restart, {written.OfType<RemoveService>().Count()} service removals: {string.Join("; ", written.Take(5))}");
        Assert.Equal(Count, DataPlane.Table.Count);
    }

    [Fact]
    public void A_reload_writes_only_the_changed_service_and_removes_nothing_else()
    {
        var director = StartAndAwait(Config(Table(Count)), "director");
        var programmed = DataPlane.History.Count;

        director.Tell(new Reload(Config(Table(Count))));
        Assert.Equal(new Reloaded(0, 0, 0, Count), ExpectMsg<Reloaded>(TimeSpan.FromSeconds(30)));
        director.Tell(new Reload(Config(Table(Count, weight: i => i == 1234 ? 7 : 1))));
        Assert.Equal(new Reloaded(0, 1, 0, Count - 1), ExpectMsg<Reloaded>(TimeSpan.FromSeconds(30)));

        AwaitAssert(() => Assert.Equal(["edit 198.51.100.1:80 in 192.0.2.7:10034/TCP weight 7"], DataPlane.History.Skip(programmed).Select(c => c.ToString())),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Thread.Sleep(500);
        Assert.Single(DataPlane.History.Skip(programmed));
    }

    [Fact]
    public void A_renamed_service_with_the_same_address_is_never_removed_from_the_table()
    {
        var director = StartAndAwait(Config(Table(3)), "director");
        var programmed = DataPlane.History.Count;

        director.Tell(new Reload(Config(Table(3).Replace("s1 {", "renamed {"))));

        Assert.Equal(new Reloaded(1, 0, 1, 2), ExpectMsg<Reloaded>(TimeSpan.FromSeconds(10)));
        Thread.Sleep(1000);
        Assert.Empty(DataPlane.History.Skip(programmed));
    }

    [Fact]
    public async Task Services_that_stay_silent_past_the_wait_keep_their_entries_and_others_are_added_but_nothing_removed()
    {
        var entries = Config(Table(3)).VirtualServices.ToDictionary(s => s.Name, ServiceEntry.Configured);
        var (reported, silent, stranger) = (entries["s0"], entries["s1"], entries["s2"]);
        await DataPlane.ApplyAsync([stranger, silent], CancellationToken.None);
        var before = DataPlane.History.Count;
        var plane = Sys.ActorOf(DataPlaneActor.Props(DataPlane, DirectorSettings.Default with { AwaitServices = TimeSpan.FromMilliseconds(500) }));
        var configured = new Dictionary<string, VirtualServiceKey> { ["s0"] = reported.Key, ["s1"] = silent.Key };

        plane.Tell(new AwaitServices(configured, ["s0", "s1"]));
        plane.Tell(new DesiredServiceState("s0", reported), CreateTestProbe().Ref);
        await Task.Delay(200);
        Assert.Equal(before, DataPlane.History.Count);

        // Past the wait, what reported is added; nothing is removed, not even a service no one configured.
        AwaitAssert(() => Assert.Contains(DataPlane.Table, s => s.Key == reported.Key), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(DataPlane.History.Skip(before), c => c is RemoveService or RemoveDestination);
        Assert.Contains(DataPlane.Table, s => s.Key == stranger.Key);

        // Once the silent service speaks, the table becomes exactly the desired one: the stranger goes.
        plane.Tell(new DesiredServiceState("s1", silent), CreateTestProbe().Ref);
        AwaitAssert(() => Assert.DoesNotContain(DataPlane.Table, s => s.Key == stranger.Key), TimeSpan.FromSeconds(5));
        Assert.Equal([$"remove service {stranger.Key}"], DataPlane.History.Skip(before).OfType<RemoveService>().Select(c => c.ToString()));
    }

    private IActorRef StartAndAwait(LvsConfig config, string name)
    {
        var director = Start(config, name);
        AwaitWhole(config.VirtualServices.Count);
        return director;
    }
}
