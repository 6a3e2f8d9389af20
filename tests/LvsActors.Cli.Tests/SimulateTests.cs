using System.Text.Json;

namespace LvsActors.Cli.Tests;

public sealed class SimulateTests
{
    [Fact]
    public void Wrr_gives_each_server_its_share_and_prints_a_line_per_connection()
    {
        var run = Lvsactors.Invoke("simulate", "--scheduler", "wrr", "--server", "198.51.100.11:80@3", "--server", "198.51.100.12:80@1", "--connections", "8");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n');
        Assert.Equal(8, lines.Count(l => l.Contains(" -> ")));
        Assert.Equal("203.0.113.1:32768 -> 198.51.100.12:80", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("198.51.100.11:80") && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2] == "6");
        Assert.Contains(lines, l => l.StartsWith("198.51.100.12:80") && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2] == "2");
    }

    [Fact]
    public void Json_output_carries_every_choice_and_the_totals()
    {
        var run = Lvsactors.Invoke("simulate", "--scheduler", "lc", "--keep-open", "--server", "198.51.100.11:80", "--server", "198.51.100.12:80",
            "--connection", "203.0.113.7:1000", "--connection", "203.0.113.8", "--connection", "203.0.113.9:3000>192.0.2.200:443", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var connections = json.RootElement.GetProperty("connections");
        Assert.Equal(3, connections.GetArrayLength());
        Assert.Equal("203.0.113.8:40002", connections[1].GetProperty("source").GetString());
        Assert.Equal("192.0.2.200:443", connections[2].GetProperty("destination").GetString());
        var active = json.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("active").GetInt32()).ToList();
        Assert.Equal(3, active.Sum());
        Assert.True(Math.Abs(active[0] - active[1]) <= 1, "lc keeps active connections balanced");
    }

    [Fact]
    public void A_removed_server_gets_nothing_after_its_removal()
    {
        var run = Lvsactors.Invoke("simulate", "--scheduler", "rr", "--server", "198.51.100.11:80", "--server", "198.51.100.12:80",
            "--connections", "10", "--remove-after", "2=198.51.100.12:80", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var servers = json.RootElement.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("server").GetString()).ToList();
        Assert.All(servers.Skip(2), s => Assert.Equal("198.51.100.11:80", s));
        Assert.True(json.RootElement.GetProperty("servers")[1].GetProperty("removed").GetBoolean());
    }

    [Fact]
    public void An_upper_threshold_moves_fo_to_the_next_server_once_reached()
    {
        var run = Lvsactors.Invoke("simulate", "--scheduler", "fo", "--server", "198.51.100.11:80@1", "--server", "198.51.100.12:80@5,upper=3,lower=1",
            "--connections", "5", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var servers = json.RootElement.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("server").GetString()).ToList();
        Assert.Equal(["198.51.100.12:80", "198.51.100.12:80", "198.51.100.12:80", "198.51.100.11:80", "198.51.100.11:80"], servers);
    }

    [Fact]
    public void The_service_can_come_from_a_config()
    {
        var run = Lvsactors.Invoke("simulate", "--config", "hocon/quickstart.conf", "--service", "web", "--connections", "12");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("127.0.0.1:8081                    3        6", run.Stdout);
    }

    [Fact]
    public void Ipv6_servers_are_named_as_the_configuration_writes_them()
    {
        var run = Lvsactors.Invoke("simulate", "--scheduler", "rr", "--vip", "[2001:db8::80]:80",
            "--server", "[2001:db8::11]:80", "--server", "[2001:db8::12]:80",
            "--connection", "[2001:db8:1::7]:1000", "--connection", "[2001:db8:1::7]:1001", "--remove-after", "1=[2001:db8::11]:80", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("[2001:db8::80]:80", json.RootElement.GetProperty("virtualService").GetString());
        var connections = json.RootElement.GetProperty("connections").EnumerateArray().ToList();
        Assert.Equal(["[2001:db8:1::7]:1000", "[2001:db8:1::7]:1001"], connections.Select(c => c.GetProperty("source").GetString()));
        // rr starts at the head of the kernel list [::12, ::11]; ::11 is gone before the second connection.
        Assert.Equal(["[2001:db8::12]:80", "[2001:db8::12]:80"], connections.Select(c => c.GetProperty("server").GetString()));
        var servers = json.RootElement.GetProperty("servers");
        Assert.Equal("[2001:db8::11]:80", servers[0].GetProperty("server").GetString());
        Assert.True(servers[0].GetProperty("removed").GetBoolean());
    }

    [Theory]
    [InlineData("simulate", "--scheduler", "rr", "--server", "198.51.100.11:80", "--server", "198.51.100.11:80", "--connections", "1", "Real server 198.51.100.11:80 is listed twice")]
    [InlineData("simulate", "--scheduler", "rr", "--server", "2001:db8::11:80", "--connections", "1", "an IPv6 address with a port is written [2001:db8::1]:80")]
    [InlineData("simulate", "--scheduler", "wrrr", "--server", "198.51.100.11:80", "--connections", "1", "Unknown scheduler 'wrrr'")]
    [InlineData("simulate", "--scheduler", "rr", "--server", "198.51.100.11:80@70000", "--connections", "1", "weight after '@' must be 0 to 65535")]
    [InlineData("simulate", "--scheduler", "rr", "--server", "198.51.100.11:80@1,upper=-1", "--connections", "1", "'upper=-1' should be upper=N or lower=N")]
    [InlineData("simulate", "--scheduler", "rr", "--server", "198.51.100.11:80,x=3", "--connections", "1", "'x=3' should be upper=N or lower=N")]
    [InlineData("simulate", "--scheduler", "rr", "--connections", "1", "", "no real servers")]
    [InlineData("simulate", "--scheduler", "rr", "--server", "198.51.100.11:80", "--connection", "not-an-address", "expected an IPv4 or IPv6 address")]
    [InlineData("simulate", "--scheduler", "rr", "--flags", "sh-port", "--server", "198.51.100.11:80", "--connections", "1", "does not accept flag 'sh-port'")]
    public void Bad_input_is_refused_with_the_reason(params string[] args)
    {
        var expected = args[^1];
        var run = Lvsactors.Invoke(args[..^1].Where(a => a.Length > 0).ToArray());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public void Every_scheduler_runs()
    {
        foreach (var scheduler in new[] { "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos" })
        {
            var run = Lvsactors.Invoke("simulate", "--scheduler", scheduler, "--seed", "1", "--server", "198.51.100.11:80@2", "--server", "198.51.100.12:80@1", "--connections", "20", "--json");
            Assert.True(run.ExitCode == 0, $"{scheduler}: {run.Stderr}");
            using var json = JsonDocument.Parse(run.Stdout);
            Assert.Equal(0, json.RootElement.GetProperty("unscheduled").GetInt32());
            Assert.Equal(20, json.RootElement.GetProperty("servers").EnumerateArray().Sum(s => s.GetProperty("connections").GetInt32()));
        }
    }
}
