using LvsActors.Director.Actors;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>Quorum with hysteresis, the sorry server, and notify programs on transitions only.</summary>
public sealed class QuorumAndNotifySpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    private const string Vip = "127.0.0.1:18081";

    [Fact]
    public void Losing_quorum_hands_the_service_to_the_sorry_server_and_runs_the_hooks()
    {
        using var scripts = new Scripts();
        using var one = new Listener();
        using var two = new Listener();
        var recorder = scripts.Recorder;
        StartDirector(Config($$"""
            lvs.virtual-services.web {
              address = "{{Vip}}"
              scheduler = wlc
              {{FastChecks}}
              quorum = 2
              hysteresis = 0
              quorum-up = ["{{recorder}}", "quorum", "up"]
              quorum-down = ["{{recorder}}", "quorum", "down"]
              sorry-server { address = "127.0.0.1:19999" }
              real-servers = [
                { address = "{{Rs(one.Port)}}", checks = [ { type = tcp } ] }
                { address = "{{Rs(two.Port)}}", checks = [ { type = tcp } ], notify-down = ["{{recorder}}", "rs"], notify-up = ["{{recorder}}", "rs"] }
              ]
            }
            """));
        AwaitTable(Table(Vip, "wlc", (one.Port, 1), (two.Port, 1)));

        two.Kill();
        // Live weight 1 < quorum 2: the live server leaves and the sorry server takes the traffic, as keepalived does.
        AwaitTable($"-A -t {Vip} -s wlc\n-a -t {Vip} -r 127.0.0.1:19999 -m -w 1\n");
        AwaitAssert(() => Assert.Equal(
            new[] { $"rs | real-server-down web {Rs(two.Port)}", "quorum down | quorum-down web " }.Order(),
            scripts.Calls().Order()), TimeSpan.FromSeconds(5));

        two.Heal();
        AwaitTable(Table(Vip, "wlc", (one.Port, 1), (two.Port, 1)));
        AwaitAssert(() => Assert.Equal(4, scripts.Calls().Count), TimeSpan.FromSeconds(5));
        Assert.Contains("quorum up | quorum-up web ", scripts.Calls());
        Assert.Contains($"rs | real-server-up web {Rs(two.Port)}", scripts.Calls());
    }

    [Fact]
    public void Hysteresis_keeps_quorum_down_to_quorum_minus_hysteresis_and_needs_quorum_plus_hysteresis_to_return()
    {
        using var one = new Listener();
        using var two = new Listener();
        using var three = new Listener();
        StartDirector(Config($$"""
            lvs.virtual-services.web {
              address = "{{Vip}}"
              scheduler = rr
              {{FastChecks}}
              quorum = 3
              hysteresis = 1
              sorry-server { address = "127.0.0.1:19999", inhibit = true }
              real-servers = [
                { address = "{{Rs(one.Port)}}", weight = 2, checks = [ { type = tcp } ] }
                { address = "{{Rs(two.Port)}}", checks = [ { type = tcp } ] }
                { address = "{{Rs(three.Port)}}", checks = [ { type = tcp } ] }
              ]
            }
            """));
        // An inhibited sorry server waits in the table at weight 0 while the service has quorum.
        var sorryServing = $"-A -t {Vip} -s rr\n-a -t {Vip} -r 127.0.0.1:19999 -m -w 1\n";
        AwaitTable(Table(Vip, "rr", (one.Port, 2), (two.Port, 1), (three.Port, 1), (19999, 0)));

        two.Kill();
        // Live weight 3 is not below 3 − 1: quorum holds.
        AwaitTable(Table(Vip, "rr", (one.Port, 2), (three.Port, 1), (19999, 0)));

        one.Kill();
        // Live weight 1 is below 2: quorum lost.
        AwaitTable(sorryServing);

        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(RealServerStateChanged));
        one.Heal();
        // Live weight 3 is below 3 + 1: still no quorum, though the service has seen the server come back.
        events.FishForMessage<RealServerStateChanged>(e => e.Up && e.RealServer.Port == one.Port, TimeSpan.FromSeconds(5));
        Thread.Sleep(500);
        Assert.Equal(sorryServing, DataPlane.Render());

        two.Heal();
        AwaitTable(Table(Vip, "rr", (one.Port, 2), (two.Port, 1), (three.Port, 1), (19999, 0)));
    }

    [Fact]
    public void A_dynamic_misc_check_sets_the_weight()
    {
        using var scripts = new Scripts();
        var code = scripts.File("code");
        File.WriteAllText(code, "7");
        var program = scripts.ExitWithCodeFrom(code);
        StartDirector(Config($$"""
            lvs.virtual-services.web {
              address = "{{Vip}}"
              scheduler = wrr
              {{FastChecks}}
              real-servers = [ { address = "127.0.0.1:8000", weight = 1, checks = [ { type = misc, command = ["{{program}}"], timeout = 2s, dynamic = true } ] } ]
            }
            """));
        // misc_dynamic: exit 7 means up with weight 7 − 2 = 5.
        AwaitTable(Table(Vip, "wrr", (8000, 5)));

        File.WriteAllText(code, "12");
        AwaitTable(Table(Vip, "wrr", (8000, 10)));

        File.WriteAllText(code, "1");
        AwaitTable(Table(Vip, "wrr"));
    }
}
