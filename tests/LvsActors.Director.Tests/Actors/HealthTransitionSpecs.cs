using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>Real servers leave the table when their checks fail and come back when they heal.</summary>
public sealed class HealthTransitionSpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    private const string Vip = "127.0.0.1:18080";

    private string Service(string extra, params ushort[] ports) => $$"""
        lvs.virtual-services.web {
          address = "127.0.0.1:18080"
          scheduler = rr
          {{FastChecks}}
          {{extra}}
          real-servers = [ {{string.Join(", ", ports.Select(p => $"{{ address = \"{Rs(p)}\", checks = [ {{ type = tcp }} ] }}"))}} ]
        }
        """;

    [Fact]
    public void A_dead_real_server_leaves_the_table_and_returns_when_it_heals()
    {
        using var one = new Listener();
        using var two = new Listener();
        StartDirector(Config(Service("", one.Port, two.Port)));
        AwaitTable(Table(Vip, "rr", (one.Port, 1), (two.Port, 1)));

        two.Kill();
        AwaitTable(Table(Vip, "rr", (one.Port, 1)));

        two.Heal();
        AwaitTable(Table(Vip, "rr", (one.Port, 1), (two.Port, 1)));
    }

    [Fact]
    public void Inhibit_on_failure_keeps_a_dead_server_at_weight_zero()
    {
        using var one = new Listener();
        StartDirector(Config(Service("inhibit-on-failure = true", one.Port)));
        AwaitTable(Table(Vip, "rr", (one.Port, 1)));

        one.Kill();
        AwaitTable(Table(Vip, "rr", (one.Port, 0)));
    }

    [Fact]
    public void Alpha_starts_real_servers_down_until_a_check_passes()
    {
        using var up = new Listener();
        using var down = new Listener();
        down.Kill();
        StartDirector(Config(Service("alpha = true", up.Port, down.Port)));

        // The table never shows the dead one: it starts down and never passes a check.
        AwaitTable(Table(Vip, "rr", (up.Port, 1)));
        Assert.DoesNotContain(DataPlane.History, c => c.ToString().Contains(Rs(down.Port)));
    }

    [Fact]
    public void Without_alpha_a_dead_server_is_in_the_table_until_its_checks_fail()
    {
        using var down = new Listener();
        down.Kill();
        StartDirector(Config(Service("", down.Port)));

        AwaitTable(Table(Vip, "rr"));
        Assert.Contains(DataPlane.History, c => c.ToString() == $"add {Rs(down.Port)} to 127.0.0.1:18080/TCP weight 1");
        Assert.Contains(DataPlane.History, c => c.ToString() == $"remove {Rs(down.Port)} from 127.0.0.1:18080/TCP");
    }
}
