using Akka.Configuration;
using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

public sealed class LeadershipSettingsTests
{
    [Fact]
    public void Reference_conf_defaults()
    {
        Assert.Equal(
            new LeadershipSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)),
            LeadershipSettings.Default);
    }

    [Fact]
    public void A_configuration_overrides_one_key_and_keeps_the_other_defaults()
    {
        var settings = LeadershipSettings.Create(ConfigurationFactory.ParseString("lvs.director.leadership.downing-tick = 50ms"));

        Assert.Equal(LeadershipSettings.Default with { DowningTick = TimeSpan.FromMilliseconds(50) }, settings);
    }
}
