using Akka.Configuration;
using LvsActors.Director.Admin;

namespace LvsActors.Admin.Tests;

/// <summary>The defaults in reference.conf, and what the journal settings become for Akka.Persistence.Sql.</summary>
public sealed class AdminSettingsTests
{
    [Fact]
    public void Every_default_is_the_documented_one()
    {
        var d = AdminSettings.Default;
        Assert.Equal(new JournalSettings(JournalProvider.Sqlite, "/var/lib/lvsactors/admin.db", "", TimeSpan.FromSeconds(2)), d.Journal);
        Assert.Equal(1000, d.SnapshotEvery);
        Assert.Equal(TimeSpan.FromMinutes(5), d.DrainTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), d.DrainPollInterval);
        Assert.Equal(200, d.RecentEvents);
        Assert.Equal("lvs-admin", d.PersistenceId);
        Assert.Equal(TimeSpan.FromSeconds(5), d.StartupWait);
        Assert.Empty(d.Api.AllowedHosts);
        Assert.Equal(new AdminApiSettings(true, "127.0.0.1:9180", "", "", TimeSpan.FromSeconds(5), d.Api.AllowedHosts), d.Api);
    }

    [Fact]
    public void PostgreSQL_settings_name_the_provider_and_keep_the_connection_string_intact()
    {
        var settings = AdminSettings.Create(ConfigurationFactory.ParseString("""
            lvs.admin.journal { provider = PostgreSQL, connection-string = "Host=127.0.0.1;Password=a\"b" }
            """));
        var journal = settings.PersistenceConfig().GetConfig("akka.persistence.journal.sql");
        Assert.Equal("PostgreSQL.15", journal.GetString("provider-name"));
        Assert.Equal("Host=127.0.0.1;Password=a\"b", journal.GetString("connection-string"));
        Assert.Equal("akka.persistence.journal.sql", settings.PersistenceConfig().GetString("akka.persistence.journal.plugin"));
    }
}
