using LvsActors.Configuration;
using LvsActors.Director.Admin;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>lvs.admin.api.allowed-hosts: host names only, checked by the loader with their line; read into the settings.</summary>
public sealed class AllowedHostsConfigSpecs
{
    [Theory]
    [InlineData("\"lvs1.example.org:9180\"")]
    [InlineData("\"http://lvs1.example.org\"")]
    [InlineData("\"*\"")]
    [InlineData("\"\"")]
    public void A_value_that_is_not_a_host_name_is_an_error_naming_the_key(string host)
    {
        var result = LvsConfigLoader.Load(Text(Sqlite("/tmp/unused.db"), $"api {{ allowed-hosts = [ \"lvs.test\", {host} ] }}"), "test.conf");
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors).ToString();
        Assert.Contains("lvs.admin.api.allowed-hosts: ", error);
        Assert.Contains("is not a host name", error);
    }

    [Fact]
    public void The_names_reach_the_settings()
    {
        var (_, document) = Load(Text(Sqlite("/tmp/unused.db"), "api { allowed-hosts = [ \"lvs.test\", \"192.0.2.7\", \"::1\" ] }"));
        var settings = AdminSettings.Create(LvsActors.Director.DirectorHost.ToAkkaConfig(document));
        Assert.Equal(["lvs.test", "192.0.2.7", "::1"], settings.Api.AllowedHosts);
    }
}
