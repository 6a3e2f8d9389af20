using Akka.Actor;
using Akka.TestKit.Xunit2;
using LvsActors.Director.Admin;
using LvsActors.Director.Intent;

namespace LvsActors.Admin.Tests;

/// <summary>GET /api/v1/events needs no token, so its events carry nothing derived from one.</summary>
public sealed class RecentEventsWriterSpecs : TestKit
{
    [Fact]
    public void An_event_written_under_an_old_token_hash_name_shows_token_instead()
    {
        var events = Sys.ActorOf(RecentEventsActor.Props(10));
        events.Tell(new ServiceMaintenanceStarted("web", "sha256:0123abcd@127.0.0.1", DateTimeOffset.UnixEpoch));
        events.Tell(new ServiceMaintenanceEnded("web", "ops@127.0.0.1", DateTimeOffset.UnixEpoch));
        events.Tell(new GetRecentEvents(10));
        var recent = ExpectMsg<RecentEvents>().Events;
        Assert.Equal(2, recent.Count);
        Assert.DoesNotContain("sha256", recent[0].Summary);
        Assert.StartsWith("ServiceMaintenanceStarted by token@127.0.0.1", recent[0].Summary);
        Assert.StartsWith("ServiceMaintenanceEnded by ops@127.0.0.1", recent[1].Summary);
    }
}
