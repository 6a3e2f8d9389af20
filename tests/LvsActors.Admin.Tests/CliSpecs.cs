using System.Text.Json;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>The lvsactors commands over the admin API of a running director, as an operator types them.</summary>
public sealed class CliSpecs(AdminApiFixture f) : IClassFixture<AdminApiFixture>
{
    private string Api => f.Api.Address.ToString();

    [Fact]
    public async Task Weight_then_status_as_a_table_and_as_JSON_then_restore()
    {
        var weight = Lvsactors.Invoke("weight", "web", "198.51.100.12:80", "6", "--api", Api, "--token", AdminApiFixture.Token);
        Assert.Equal(0, weight.ExitCode);
        Assert.StartsWith("weight of 198.51.100.12:80 in web is 6 (version ", weight.Stdout);
        await Eventually(() => WeightOf(f.Plane, Rs2) == 6, "the override applied");

        var table = Lvsactors.Invoke("status", "--api", Api);
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"198\.51\.100\.12:80\s+up\s+2\s+6\s+weight-override\s+nat", table.Stdout);
        Assert.Contains("REAL SERVER", table.Stdout);

        var json = Lvsactors.Invoke("status", "web", "--json", "--api", Api);
        var web = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("web", web.GetProperty("name").GetString());

        Assert.Equal(0, Lvsactors.Invoke("restore", "web", "198.51.100.12:80", "--api", Api, "--token", AdminApiFixture.Token).ExitCode);
        await Eventually(() => WeightOf(f.Plane, Rs2) == 2, "back to the configured weight");
    }

    [Fact]
    public void A_write_without_a_token_says_so_and_exits_2()
    {
        var run = Lvsactors.Invoke("drain", "web", "198.51.100.11:80", "--api", Api);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("drain: 401 Unauthorized: writes need the header Authorization: Bearer TOKEN", run.Stderr);
    }

    [Fact]
    public void The_API_and_token_come_from_the_configuration_file()
    {
        using var scratch = new ScratchFolder();
        var tokens = scratch.File("tokens");
        File.WriteAllText(tokens, $"# operators\nops:{AdminApiFixture.Token}\n");
        var config = scratch.File("director.conf");
        File.WriteAllText(config, Text(Sqlite("/var/lib/lvsactors/admin.db"), $"api {{ bind = \"{f.Api.Address.Authority}\", token-file = \"{tokens}\" }}"));

        var run = Lvsactors.Invoke("add-server", "web", "198.51.100.31:80", "--weight", "2", "--config", config);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("added 198.51.100.31:80 to web", run.Stdout);
        var unknown = Lvsactors.Invoke("remove-server", "web", "198.51.100.99:80", "--config", config);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("404 Not found: real server 198.51.100.99:80 is not in virtual service web", unknown.Stderr);
        Assert.Equal(0, Lvsactors.Invoke("remove-server", "web", "198.51.100.31:80", "--config", config).ExitCode);
    }

    [Fact]
    public void Reload_prints_what_changed_and_an_unreachable_API_exits_1()
    {
        var reload = Lvsactors.Invoke("reload", "--api", Api, "--token", AdminApiFixture.Token);
        Assert.True(reload.ExitCode == 0, reload.Stderr);
        Assert.Equal("reloaded: 0 added, 0 changed, 0 removed, 1 unchanged", reload.Stdout.Trim());
        var down = Lvsactors.Invoke("status", "--api", "http://127.0.0.1:1/");
        Assert.Equal(1, down.ExitCode);
        Assert.StartsWith("status: cannot reach the admin API at http://127.0.0.1:1/", down.Stderr);
    }
}
