using System.Text.Json;

namespace LvsActors.Cli.Tests;

public sealed class ValidateAndRenderTests
{
    [Fact]
    public void Validate_accepts_every_example_and_exits_zero()
    {
        // The cluster examples name certificates under /etc/lvsactors/tls: ClusterCertsCommandTests validates them with real files.
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "hocon"), "*.conf").Select(f => Path.GetRelativePath(RepositoryRoot.Path, f))
            .Where(f => !Path.GetFileName(f).StartsWith("cluster-", StringComparison.Ordinal)).ToArray();
        var run = Lvsactors.Invoke(["validate", .. files]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        foreach (var file in files)
        {
            Assert.Contains($"{file} is valid", run.Stderr);
        }
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Validate_reports_every_error_on_stderr_and_exits_two()
    {
        var broken = Path.Combine("tests", "LvsActors.Core.Tests", "Corpus", "broken", "67-many-errors-at-once.conf");
        var run = Lvsactors.Invoke("validate", "hocon/quickstart.conf", broken);
        Assert.Equal(2, run.ExitCode);
        var errors = run.Stderr.Split('\n').Where(l => l.StartsWith(broken + ":", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, errors.Count);
        Assert.Contains($"{broken}:8: lvs.virtual-services.web.real-servers[0].weight: 100000 is out of range; accepted: 0 to 65535", errors);
        Assert.Contains("hocon/quickstart.conf is valid", run.Stderr);
    }

    [Fact]
    public void Validate_of_a_missing_file_says_so()
    {
        var run = Lvsactors.Invoke("validate", "no/such.conf");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no/such.conf: cannot read the file", run.Stderr);
    }

    [Fact]
    public void Render_prints_the_table_as_ipvsadm_save_does()
    {
        var run = Lvsactors.Invoke("render", "hocon/quickstart.conf");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(
            "-A -t 127.0.0.1:8080 -s wrr\n" +
            "-a -t 127.0.0.1:8080 -r 127.0.0.1:8081 -m -w 3\n" +
            "-a -t 127.0.0.1:8080 -r 127.0.0.1:8082 -m -w 2\n" +
            "-a -t 127.0.0.1:8080 -r 127.0.0.1:8083 -m -w 1\n", run.Stdout);
    }

    [Fact]
    public void Render_refuses_an_invalid_config_and_prints_nothing_on_stdout()
    {
        var run = Lvsactors.Invoke("render", "tests/LvsActors.Core.Tests/Corpus/broken/01-unknown-scheduler.conf");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("unknown scheduler \"wrrr\"", run.Stderr);
    }

    [Fact]
    public void Json_log_format_writes_one_serilog_event_per_line()
    {
        var run = Lvsactors.Invoke("validate", "--log-format", "json", "hocon/nat.conf");
        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("hocon/nat.conf", json.RootElement.GetProperty("File").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("VirtualServices").GetInt32());
        Assert.Contains("{File} is valid", json.RootElement.GetProperty("@mt").GetString());
    }

    [Fact]
    public void Log_level_from_the_command_line_filters_events()
    {
        var run = Lvsactors.Invoke("validate", "--log-level", "warning", "hocon/nat.conf");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData]
    [InlineData("validate")]
    [InlineData("render")]
    [InlineData("apply")]
    [InlineData("list")]
    [InlineData("save")]
    public void Help_is_there_for_every_command(params string[] command)
    {
        var run = Lvsactors.Invoke([.. command, "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var run = Lvsactors.Invoke("frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Try 'lvsactors --help'", run.Stderr);
    }
}
