using LvsActors.Director.Anycast;
using LvsActors.Model;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>
/// Active-active: a virtual service's table follows the directors' agreement on its real servers' health once one
/// arrives, whatever this director's own checks say (real listeners, real checks), and tells its own verdicts.
/// </summary>
public sealed class AgreedVerdictSpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    private const string Vip = "127.0.0.1:18091";

    [Fact]
    public void The_agreement_decides_the_table_and_the_local_verdicts_are_told()
    {
        using var one = new Listener();
        using var two = new Listener();
        StartDirector(Config($$"""
            lvs.virtual-services.web {
              address = "{{Vip}}"
              scheduler = mh
              {{FastChecks}}
              real-servers = [
                { address = "{{Rs(one.Port)}}", checks = [ { type = tcp } ] }
                { address = "{{Rs(two.Port)}}", checks = [ { type = tcp } ], inhibit-on-failure = on }
              ]
            }
            """));
        AwaitTable(Table(Vip, "mh", (one.Port, 1), (two.Port, 1)));
        var verdicts = CreateTestProbe();
        Sys.EventStream.Subscribe(verdicts.Ref, typeof(LocalVerdicts));

        // Our checks see two fail; the others outvote us: it stays in, at its weight.
        two.Kill();
        verdicts.FishForMessage<LocalVerdicts>(v => v.Down.SequenceEqual([Ep(two.Port)]), TimeSpan.FromSeconds(10));
        AwaitTable(Table(Vip, "mh", (one.Port, 1), (two.Port, 0)));
        Sys.EventStream.Publish(new AgreedVerdicts("web", []));
        AwaitTable(Table(Vip, "mh", (one.Port, 1), (two.Port, 1)));

        // A majority sees one down although our checks pass: it goes to weight 0 here as everywhere.
        Sys.EventStream.Publish(new AgreedVerdicts("web", [Ep(one.Port)]));
        AwaitTable(Table(Vip, "mh", (two.Port, 1)));

        // Another service's agreement changes nothing here.
        Sys.EventStream.Publish(new AgreedVerdicts("other", [Ep(two.Port)]));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        AwaitTable(Table(Vip, "mh", (two.Port, 1)));
    }

    private static Endpoint Ep(ushort port) => new(System.Net.IPAddress.Loopback, port);
}
