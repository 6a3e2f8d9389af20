using Akka.Configuration;

namespace LvsActors.Director.Tests;

/// <summary>Every default in reference.conf, as the settings read it, and an override from a configuration file.</summary>
public sealed class DirectorSettingsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        Assert.Equal(
            new DirectorSettings(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(100), Nice: 0),
            DirectorSettings.Default);
    }

    [Fact]
    public void A_configuration_overrides_a_default_and_keeps_the_rest()
    {
        var settings = DirectorSettings.Create(ConfigurationFactory.ParseString("lvs.director.apply-coalesce = 50ms"));
        Assert.Equal(DirectorSettings.Default with { ApplyCoalesce = TimeSpan.FromMilliseconds(50) }, settings);
    }

    [Fact]
    public void A_director_outside_a_cluster_ticks_its_scheduler_at_the_local_tick()
    {
        var config = DirectorHost.WithLocalSchedulerTick(ConfigurationFactory.ParseString("akka.loglevel = INFO"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), config.GetTimeSpan("akka.scheduler.tick-duration"));
    }

    [Fact]
    public void A_cluster_member_keeps_the_scheduler_tick_of_Akka()
    {
        var config = DirectorHost.WithLocalSchedulerTick(ConfigurationFactory.ParseString("akka.actor.provider = cluster"));
        Assert.False(config.HasPath("akka.scheduler.tick-duration"));
    }

    [Fact]
    public void A_tick_in_the_file_wins_over_the_local_tick()
    {
        var config = DirectorHost.WithLocalSchedulerTick(ConfigurationFactory.ParseString("akka.scheduler.tick-duration = 20ms"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), config.GetTimeSpan("akka.scheduler.tick-duration"));
    }
}
