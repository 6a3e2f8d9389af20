namespace LvsActors.Cli.Tests;

/// <summary><c>lvsactors import-keepalived</c> on the keepalived corpus: exit codes, the report, -o, and includes from disk.</summary>
public sealed class ImportKeepalivedTests : IDisposable
{
    private const string Corpus = "tests/LvsActors.Core.Tests/Keepalived/Corpus";

    private readonly string folder = Directory.CreateTempSubdirectory("lvs-import-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_fully_mapped_configuration_exits_zero_and_prints_hocon_that_renders_keepalived_table()
    {
        var run = Lvsactors.Invoke("import-keepalived", $"{Corpus}/nat-web.keepalived.conf");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        var output = Path.Combine(folder, "nat-web.conf");
        File.WriteAllText(output, run.Stdout);
        var render = Lvsactors.Invoke("render", output);
        Assert.True(render.ExitCode == 0, render.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, Corpus, "nat-web.ipvsadm.txt")), render.Stdout);
    }

    [Fact]
    public void Output_option_writes_the_file_and_leaves_stdout_empty()
    {
        var output = Path.Combine(folder, "tun.conf");
        var run = Lvsactors.Invoke("import-keepalived", $"{Corpus}/tun.keepalived.conf", "-o", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Equal(Lvsactors.Invoke("import-keepalived", $"{Corpus}/tun.keepalived.conf").Stdout, File.ReadAllText(output));
        Assert.Equal(0, Lvsactors.Invoke("validate", output).ExitCode);
    }

    [Fact]
    public void Statements_without_an_equivalent_are_listed_on_stderr_with_file_and_line_and_exit_three()
    {
        var output = Path.Combine(folder, "unsupported.conf");
        var run = Lvsactors.Invoke("import-keepalived", $"{Corpus}/unsupported.keepalived.conf", "--output", output);
        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"{Corpus}/unsupported.keepalived.conf:34: BFD_CHECK: out of scope", run.Stderr);
        Assert.Contains($"{Corpus}/unsupported.keepalived.conf:27: quorum: lvsactors refuses this", run.Stderr);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Includes_are_found_by_glob_relative_to_the_including_file()
    {
        var output = Path.Combine(folder, "includes.conf");
        var run = Lvsactors.Invoke("import-keepalived", $"{Corpus}/includes.keepalived.conf", "-o", output);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"{Corpus}/includes.d/smtp-servers.inc:5: note: smtp_alert: lvsactors sends no mail", run.Stderr);
        var render = Lvsactors.Invoke("render", output);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, Corpus, "includes.ipvsadm.txt")), render.Stdout);
    }

    [Fact]
    public void Include_globs_take_braces_and_wildcards_in_directories_as_glob_3_does()
    {
        Directory.CreateDirectory(Path.Combine(folder, "site-a"));
        Directory.CreateDirectory(Path.Combine(folder, "site-b"));
        File.WriteAllText(Path.Combine(folder, "keepalived.conf"), "include site-*/vs.conf\ninclude {web,mail}.inc\n");
        File.WriteAllText(Path.Combine(folder, "site-a", "vs.conf"), "virtual_server 192.0.2.1 80 {\n  real_server 198.51.100.1 80 {\n  }\n}\n");
        File.WriteAllText(Path.Combine(folder, "site-b", "vs.conf"), "virtual_server 192.0.2.2 80 {\n  real_server 198.51.100.2 80 {\n  }\n}\n");
        File.WriteAllText(Path.Combine(folder, "web.inc"), "virtual_server 192.0.2.3 80 {\n  real_server 198.51.100.3 80 {\n  }\n}\n");
        File.WriteAllText(Path.Combine(folder, "mail.inc"), "virtual_server 192.0.2.4 25 {\n  real_server 198.51.100.4 25 {\n  }\n}\n");
        var run = Lvsactors.Invoke("import-keepalived", Path.Combine(folder, "keepalived.conf"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        var names = run.Stdout.Split('\n').Where(l => l.TrimStart().StartsWith("vs-", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Equal(["vs-192-0-2-1-80-udp {", "vs-192-0-2-2-80-udp {", "vs-192-0-2-3-80-udp {", "vs-192-0-2-4-25-udp {"], names);
    }

    [Fact]
    public void Notes_alone_exit_zero_and_repeated_ones_are_folded_into_one_line_with_a_count()
    {
        var file = Path.Combine(folder, "keepalived.conf");
        File.WriteAllText(file, "global_defs {\n  router_id A\n}\nvrrp_sync_group G {\n  group {\n    VI_1 VI_2 VI_3\n  }\n}\n" +
            "vrrp_instance VI_1 {\n  virtual_router_id 1\n}\nvrrp_instance VI_2 {\n  virtual_router_id 2\n}\nvrrp_instance VI_3 {\n  virtual_router_id 3\n}\n");
        var run = Lvsactors.Invoke("import-keepalived", file);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("4 note(s): keepalived mechanics with no meaning here, nothing lost:", lines[0]);
        Assert.Equal($"{file}:10: note: virtual_router_id: not needed: an Akka.NET cluster decides which director owns the VIPs, not VRRP adverts (3 times; also {file}:13, {file}:16)",
            Assert.Single(lines, l => l.Contains("virtual_router_id", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void A_loss_exits_three_and_is_listed_before_the_notes()
    {
        var file = Path.Combine(folder, "keepalived.conf");
        File.WriteAllText(file, "global_defs {\n  router_id A\n}\ninclude conf.d/*.conf\n");
        var run = Lvsactors.Invoke("import-keepalived", file);
        Assert.Equal(3, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1 loss(es): keepalived would do this, the HOCON does not (exit 3):", lines[0]);
        Assert.StartsWith($"{file}:4: include: conf.d/*.conf matches no file here", lines[1], StringComparison.Ordinal);
        Assert.Equal("1 note(s): keepalived mechanics with no meaning here, nothing lost:", lines[2]);
    }

    [Theory]
    [InlineData("unclosed-block", "1: virtual_server: unbalanced '{'")]
    [InlineData("extra-close", "5: }: unbalanced '}'")]
    [InlineData("missing-include", "4: include: /etc/keepalived/does-not-exist.conf: no such file")]
    public void A_syntax_error_exits_two_with_file_and_line_and_writes_nothing(string name, string error)
    {
        var output = Path.Combine(folder, name + ".conf");
        var run = Lvsactors.Invoke("import-keepalived", $"{Corpus}/syntax/{name}.keepalived.conf", "-o", output);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{Corpus}/syntax/{name}.keepalived.conf:{error}", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_missing_file_exits_two()
    {
        var run = Lvsactors.Invoke("import-keepalived", "no/such/keepalived.conf");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no/such/keepalived.conf: cannot read the file", run.Stderr);
    }
}
