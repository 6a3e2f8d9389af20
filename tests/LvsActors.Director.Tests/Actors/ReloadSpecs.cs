using Akka.Actor;
using LvsActors.Director.Actors;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>Reload reconciles by name: unchanged services cause no write, unchanged checkers keep their state.</summary>
public sealed class ReloadSpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    private static string Web(ushort one, ushort two, int weight = 1, string scheduler = "rr") => $$"""
        web {
          address = "127.0.0.1:18082"
          scheduler = {{scheduler}}
          {{FastChecks}}
          real-servers = [
            { address = "127.0.0.1:{{one}}", weight = {{weight}}, checks = [ { type = tcp } ] }
            { address = "127.0.0.1:{{two}}", checks = [ { type = tcp } ] }
          ]
        }
        """;

    private const string Api = """
        api { address = "127.0.0.1:18083", scheduler = lc, real-servers = [ { address = "127.0.0.1:9001" } ] }
        """;

    private static string Lvs(params string[] services) => $"lvs.virtual-services {{\n{string.Join("\n", services)}\n}}";

    [Fact]
    public void Reloading_the_same_configuration_writes_nothing()
    {
        using var one = new Listener();
        using var two = new Listener();
        var director = StartDirector(Config(Lvs(Web(one.Port, two.Port), Api)));
        AwaitTable(Table("127.0.0.1:18082", "rr", (one.Port, 1), (two.Port, 1)) + "-A -t 127.0.0.1:18083 -s lc\n-a -t 127.0.0.1:18083 -r 127.0.0.1:9001 -m -w 1\n");
        var writes = DataPlane.History.Count;

        director.Tell(new Reload(Config(Lvs(Web(one.Port, two.Port), Api))));

        Assert.Equal(new Reloaded(0, 0, 0, 2), ExpectMsg<Reloaded>());
        Thread.Sleep(1000);
        Assert.Equal(writes, DataPlane.History.Count);
    }

    [Fact]
    public void A_changed_weight_is_one_edit_and_a_down_server_stays_down_through_the_reload()
    {
        using var one = new Listener();
        using var two = new Listener();
        var director = StartDirector(Config(Lvs(Web(one.Port, two.Port), Api)));
        two.Kill();
        AwaitTable(Table("127.0.0.1:18082", "rr", (one.Port, 1)) + "-A -t 127.0.0.1:18083 -s lc\n-a -t 127.0.0.1:18083 -r 127.0.0.1:9001 -m -w 1\n");
        var writes = DataPlane.History.Count;

        director.Tell(new Reload(Config(Lvs(Web(one.Port, two.Port, weight: 4), Api))));

        Assert.Equal(new Reloaded(0, 1, 0, 1), ExpectMsg<Reloaded>());
        AwaitTable(Table("127.0.0.1:18082", "rr", (one.Port, 4)) + "-A -t 127.0.0.1:18083 -s lc\n-a -t 127.0.0.1:18083 -r 127.0.0.1:9001 -m -w 1\n");
        Thread.Sleep(500);
        // The dead server's checker was kept with its state: it was never re-added and removed again.
        Assert.Equal([$"edit 127.0.0.1:{one.Port} in 127.0.0.1:18082/TCP weight 4"], DataPlane.History.Skip(writes).Select(c => c.ToString()));
    }

    [Fact]
    public void Added_and_removed_services_reconcile_and_a_changed_scheduler_is_an_edit()
    {
        using var one = new Listener();
        using var two = new Listener();
        var director = StartDirector(Config(Lvs(Web(one.Port, two.Port), Api)));
        AwaitTable(Table("127.0.0.1:18082", "rr", (one.Port, 1), (two.Port, 1)) + "-A -t 127.0.0.1:18083 -s lc\n-a -t 127.0.0.1:18083 -r 127.0.0.1:9001 -m -w 1\n");

        director.Tell(new Reload(Config(Lvs(Web(one.Port, two.Port, scheduler: "wlc")))));

        Assert.Equal(new Reloaded(0, 1, 1, 0), ExpectMsg<Reloaded>());
        AwaitTable(Table("127.0.0.1:18082", "wlc", (one.Port, 1), (two.Port, 1)));

        director.Tell(new Reload(Config(Lvs(Web(one.Port, two.Port, scheduler: "wlc"), Api))));
        Assert.Equal(new Reloaded(1, 0, 0, 1), ExpectMsg<Reloaded>());
        AwaitTable(Table("127.0.0.1:18082", "wlc", (one.Port, 1), (two.Port, 1)) + "-A -t 127.0.0.1:18083 -s lc\n-a -t 127.0.0.1:18083 -r 127.0.0.1:9001 -m -w 1\n");
    }
}
