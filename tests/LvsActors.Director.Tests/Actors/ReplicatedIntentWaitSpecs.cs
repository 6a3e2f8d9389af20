using LvsActors.Director.Actors;
using LvsActors.Director.Intent;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>
/// With replicated intent the services wait for this director's copy however long it takes: a restarted director that
/// started as configured after startup-wait sent new connections to a drained server (issue 18's process scenario).
/// A single director still starts as configured after the wait.
/// </summary>
public sealed class ReplicatedIntentWaitSpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(300);

    private const string Service = """
        lvs.virtual-services.web {
          address = "127.0.0.1:18600"
          scheduler = rr
          real-servers = [ { address = "127.0.0.1:18601" }, { address = "127.0.0.1:18602" } ]
        }
        """;

    [Fact]
    public void With_replicated_intent_the_services_wait_past_startup_wait_and_start_with_the_intent_once_published()
    {
        var admin = CreateTestProbe();
        Sys.ActorOf(DirectorSupervisor.Props(Config(Service), DataPlane, Services(), DirectorSettings.Default, new AdminLink(admin.Ref, Wait, Replicated: true)), "director");
        admin.ExpectMsg<GetAdminIntent>();
        admin.Reply(new AdminWriteFailed("not loaded yet"));

        // Several waits go by: nothing is programmed, not even as configured.
        Thread.Sleep(Wait * 5);
        Assert.Equal("", DataPlane.Render());

        var drained = AdminIntent.Empty.Apply(new RealServerDrained("web", "127.0.0.1:18602", DateTimeOffset.UtcNow.AddHours(1), "spec", DateTimeOffset.UtcNow));
        Sys.EventStream.Publish(new AdminStateChanged(drained, 1));
        AwaitTable("-A -t 127.0.0.1:18600 -s rr\n-a -t 127.0.0.1:18600 -r 127.0.0.1:18601 -m -w 1\n-a -t 127.0.0.1:18600 -r 127.0.0.1:18602 -m -w 0\n");
    }

    [Fact]
    public void A_single_director_starts_as_configured_after_startup_wait()
    {
        var admin = CreateTestProbe();
        Sys.ActorOf(DirectorSupervisor.Props(Config(Service), DataPlane, Services(), DirectorSettings.Default, new AdminLink(admin.Ref, Wait)), "director");
        admin.ExpectMsg<GetAdminIntent>();
        AwaitTable("-A -t 127.0.0.1:18600 -s rr\n-a -t 127.0.0.1:18600 -r 127.0.0.1:18601 -m -w 1\n-a -t 127.0.0.1:18600 -r 127.0.0.1:18602 -m -w 1\n");
    }
}
