using Akka.Configuration;

namespace LvsActors.Director.Tests;

/// <summary>Every default in reference.conf, as the settings read it, and an override from a configuration file.</summary>
public sealed class DirectorSettingsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        Assert.Equal(
            new DirectorSettings(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            DirectorSettings.Default);
    }

    [Fact]
    public void A_configuration_overrides_a_default_and_keeps_the_rest()
    {
        var settings = DirectorSettings.Create(ConfigurationFactory.ParseString("lvs.director.apply-coalesce = 50ms"));
        Assert.Equal(DirectorSettings.Default with { ApplyCoalesce = TimeSpan.FromMilliseconds(50) }, settings);
    }
}
