using Akka.Serialization;
using LvsActors.Director;
using LvsActors.Director.Admin;
using LvsActors.Director.Intent;

namespace LvsActors.Admin.Tests;

/// <summary>Every admin message goes through the bound JSON serializer and comes back equal.</summary>
public sealed class AdminSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public AdminSerializerTests() : base(DirectorSettings.Reference)
    {
    }

    public static TheoryData<IAdminMessage> Messages() =>
    [
        new RealServerDrained("web", "198.51.100.11:80", At.AddMinutes(5), "ops", At),
        new DrainCompleted("web", "198.51.100.11:80", "no connections", "director", At),
        new RealServerRestored("web", "198.51.100.11:80", "ops", At),
        new WeightOverridden("web", "198.51.100.11:80", 7, "ops", At),
        new RealServerMaintenanceStarted("web", "198.51.100.11:80", "ops", At),
        new ServiceMaintenanceStarted("web", "ops", At),
        new ServiceMaintenanceEnded("web", "ops", At),
        new RealServerAdded("web", "198.51.100.14:80", 3, null, "ops", At),
        new RealServerRemoved("web", "198.51.100.12:80", "ops", At),
        new DrainRealServer("web", "198.51.100.11:80", TimeSpan.FromMinutes(1), "ops"),
        new AdminWriteRejected(AdminRejection.NotFound, "real server 198.51.100.99:80 is not in virtual service web"),
        new AdminWriteFailed("the admin journal is unavailable"),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Round_trips(IAdminMessage message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<AdminSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        Assert.Equal(message, ((SerializerWithStringManifest)serializer).FromBinary(bytes, Serialization.ManifestFor(serializer, message)));
    }

    [Fact]
    public void The_intent_and_an_acceptance_with_its_event_round_trip()
    {
        var intent = AdminIntent.Empty
            .Apply(new RealServerDrained("web", "198.51.100.11:80", At.AddMinutes(5), "ops", At))
            .Apply(new RealServerAdded("web", "198.51.100.14:80", 3, "198.51.100.11:80", "ops", At));
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(intent);
        var back = (AdminIntent)serializer.FromBinary(serializer.ToBinary(intent), serializer.Manifest(intent));
        Assert.Equal(intent.For("web").For("198.51.100.11:80"), back.For("web").For("198.51.100.11:80"));
        Assert.Equal(intent.For("web").For("198.51.100.14:80"), back.For("web").For("198.51.100.14:80"));

        var accepted = new AdminWriteAccepted(4, new WeightOverridden("web", "198.51.100.11:80", 7, "ops", At));
        Assert.Equal(accepted, serializer.FromBinary(serializer.ToBinary(accepted), serializer.Manifest(accepted)));
    }
}
