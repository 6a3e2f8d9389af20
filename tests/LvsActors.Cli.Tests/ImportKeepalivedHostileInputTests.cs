namespace LvsActors.Cli.Tests;

/// <summary>
/// <c>lvsactors import-keepalived</c> on the inputs a tester broke it with: each must end in exit 2 with one line
/// <c>file:line: keyword: what is wrong</c> on stderr — no stack trace, no hang (Invoke gives up after 60 s), no crash.
/// </summary>
public sealed class ImportKeepalivedHostileInputTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lvs-import-hostile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string In(string name) => Path.Combine(folder, name);

    /// <summary>Imports main.conf holding <paramref name="text"/>; asserts exit 2, nothing written, one located error.</summary>
    private string ImportFails(string text)
    {
        File.WriteAllText(In("main.conf"), text);
        var output = In("out.conf");
        var run = Lvsactors.Invoke("import-keepalived", In("main.conf"), "-o", output);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}, stderr:\n{run.Stderr}");
        Assert.DoesNotContain("Unhandled exception", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.False(File.Exists(output));
        return Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void An_include_with_an_unclosed_bracket_is_a_syntax_error_not_a_regex_exception()
    {
        Assert.Equal($"{In("main.conf")}:1: include: foo[.conf: the '[' at character 4 opens a set that no ']' closes (write \\[ for a literal '[')",
            ImportFails("include foo[.conf\n"));
    }

    [Fact]
    public void An_unreadable_include_is_refused_without_a_stack_trace()
    {
        var problem = SpecialFiles.MakeUnreadable(In("secret.conf"));
        Assert.True(problem is null, problem);
        Assert.Equal($"{In("main.conf")}:2: include: secret.conf: {In("secret.conf")}: cannot be read: Permission denied",
            ImportFails("# the real servers\ninclude secret.conf\n"));
    }

    [Fact]
    public void An_include_of_dev_zero_is_refused_instead_of_read_forever()
    {
        Assert.Equal($"{In("main.conf")}:1: include: /dev/zero: is a device, not a file", ImportFails("include /dev/zero\n"));
    }

    [Fact]
    public void An_include_of_a_fifo_is_refused_instead_of_waiting_for_a_writer()
    {
        SpecialFiles.MakeFifo(In("pipe.conf"));
        Assert.StartsWith($"{In("main.conf")}:1: include: pipe.conf: {In("pipe.conf")}: is a FIFO (named pipe), not a file",
            ImportFails("include pipe.conf\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_as_the_main_file_is_refused_too()
    {
        SpecialFiles.MakeFifo(In("pipe.conf"));
        var run = Lvsactors.Invoke("import-keepalived", In("pipe.conf"));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{In("pipe.conf")}: cannot read the file: is a FIFO", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hundred_thousand_nested_blocks_are_refused_instead_of_overflowing_the_stack()
    {
        var text = string.Concat(Enumerable.Repeat("vrrp_instance {\n", 100_000)) + string.Concat(Enumerable.Repeat("}\n", 100_000));
        Assert.Equal($"{In("main.conf")}:65: vrrp_instance: blocks nest deeper than 64; is a '}}' missing above?", ImportFails(text));
    }

    [Fact]
    public void A_range_over_a_whole_hextet_is_refused_instead_of_expanded()
    {
        const string text = "virtual_server_group web {\n  2001:db8::0-ffff 80\n}\n"
            + "virtual_server group web {\n  protocol TCP\n  real_server 2001:db8::10 80 {\n  }\n}\n";
        Assert.Equal($"{In("main.conf")}:2: 2001:db8::0-ffff: the range holds 65536 addresses, more than the 256 one range may expand to; "
            + "split it, or mark the traffic (iptables -j MARK) and use a fwmark service", ImportFails(text));
    }
}
