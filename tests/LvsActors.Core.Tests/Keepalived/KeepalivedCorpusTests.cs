using LvsActors.Configuration;
using LvsActors.Rendering;

namespace LvsActors.Tests.Keepalived;

/// <summary>
/// The keepalived corpus: each <c>NAME.keepalived.conf</c> imports to <c>NAME.expected.conf</c>, reports exactly
/// <c>NAME.report.txt</c> (none when absent), and — with <c>NAME.ipvsadm.txt</c>, the table keepalived programs for it
/// with every check passing, written by hand — the import validates and renders that table.
/// </summary>
public sealed class KeepalivedCorpusTests
{
    public static TheoryData<string> Cases => CorpusFiles.Cases();

    public static TheoryData<string> SyntaxCases => CorpusFiles.Cases("syntax");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Imports_to_the_golden_hocon(string name)
    {
        var import = CorpusFiles.Import(name);
        Assert.Null(import.SyntaxError);
        CorpusFiles.UpdateIfAsked(name, "expected.conf", import.Hocon!);
        Assert.Equal(CorpusFiles.Expected(name, "expected.conf"), import.Hocon);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_exactly_the_expected_lines(string name)
    {
        var lines = CorpusFiles.Import(name).Reports.Select(r => r.ToString()).ToList();
        CorpusFiles.UpdateIfAsked(name, "report.txt", string.Concat(lines.Select(l => l + "\n")));
        var expected = CorpusFiles.Expected(name, "report.txt")?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];
        Assert.Equal(expected, lines);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Round_trip_validates_and_renders_the_table_keepalived_programs(string name)
    {
        var import = CorpusFiles.Import(name);
        var result = LvsConfigLoader.Load(import.Hocon!, name + ".expected.conf");
        var table = CorpusFiles.Expected(name, "ipvsadm.txt");
        if (table is null)
        {
            // A case without a table is one our validator refuses; the report must say where.
            Assert.False(result.IsValid);
            Assert.Contains(import.Reports, r => r.Reason.StartsWith("lvsactors refuses this", StringComparison.Ordinal));
            return;
        }
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        Assert.Equal(table, IpvsadmSave.Render(result.Value!.VirtualServices));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_output_validates_or_a_loss_says_why(string name)
    {
        var import = CorpusFiles.Import(name);
        var result = LvsConfigLoader.Load(import.Hocon!, name + ".expected.conf");
        if (!result.IsValid)
        {
            Assert.Contains(import.Losses, r => r.Reason.StartsWith("lvsactors refuses this", StringComparison.Ordinal));
            Assert.False(import.IsComplete);
        }
        Assert.All(import.Notes, n => Assert.DoesNotContain("lvsactors refuses this", n.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SyntaxCases))]
    public void Syntax_errors_stop_the_import_with_file_and_line(string name)
    {
        var import = CorpusFiles.Import(name);
        Assert.Null(import.Hocon);
        Assert.NotNull(import.SyntaxError);
        var line = import.SyntaxError.ToString();
        CorpusFiles.UpdateIfAsked(name, "error.txt", line + "\n");
        Assert.Equal(CorpusFiles.Expected(name, "error.txt"), line + "\n");
    }
}
