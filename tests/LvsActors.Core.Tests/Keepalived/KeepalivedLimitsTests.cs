using System.Text;
using LvsActors.Configuration.Hocon;
using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>
/// Each limit of <see cref="KeepalivedLimits"/>: the value itself is accepted, one past it is a syntax error that says
/// file:line: keyword: what is wrong — and input far past it (the tester's cases) fails the same way, promptly.
/// </summary>
public sealed class KeepalivedLimitsTests
{
    private static string Nested(int depth) =>
        new StringBuilder().Insert(0, "a {\n", depth).Insert(depth * 4, "}\n", depth).ToString();

    private static ImportReport SyntaxError(KeepalivedImport import)
    {
        Assert.True(import.SyntaxError is not null, $"expected a syntax error, got:\n{import.Hocon}");
        Assert.Null(import.Hocon);
        return import.SyntaxError;
    }

    [Fact]
    public void Blocks_nest_up_to_the_limit()
    {
        var nodes = KeepalivedParser.Parse(Nested(KeepalivedLimits.MaxBlockDepth), "k.conf");
        var depth = 0;
        for (var node = nodes.Single(); node.Block.Count > 0; node = node.Block.Single())
        {
            depth++;
        }
        Assert.Equal(KeepalivedLimits.MaxBlockDepth - 1, depth);
    }

    [Theory]
    [InlineData(KeepalivedLimits.MaxBlockDepth + 1)]
    [InlineData(100_000)]
    public void Deeper_blocks_are_refused_at_the_first_block_too_deep(int depth)
    {
        var error = SyntaxError(KeepalivedImporter.Import(Nested(depth), "k.conf"));
        Assert.Equal("k.conf:65: a: blocks nest deeper than 64; is a '}' missing above?", error.ToString());
    }

    [Fact]
    public void Includes_nest_up_to_the_limit_and_no_further()
    {
        // file-N includes file-(N+1); the last holds a statement.
        KeepalivedIncludeResolver chain(int last) => (pattern, _) =>
        {
            var n = int.Parse(pattern["file-".Length..]);
            return [new IncludedFile(n == last ? "deepest\n" : $"include file-{n + 1}\n", pattern)];
        };
        var nodes = KeepalivedParser.Parse("include file-1\n", "main.conf", chain(KeepalivedLimits.MaxIncludeDepth));
        Assert.Equal(new SourcePosition($"file-{KeepalivedLimits.MaxIncludeDepth}", 1), nodes.Single().Position);
        var e = Assert.Throws<KeepalivedSyntaxException>(() => KeepalivedParser.Parse("include file-1\n", "main.conf", chain(KeepalivedLimits.MaxIncludeDepth + 1)));
        Assert.Equal($"file-{KeepalivedLimits.MaxIncludeDepth}:1: include: file-{KeepalivedLimits.MaxIncludeDepth + 1}: includes nest deeper than 16 files; flatten them", e.Message);
    }

    [Fact]
    public void A_file_reached_again_through_another_name_is_a_cycle()
    {
        var e = Assert.Throws<KeepalivedSyntaxException>(() => KeepalivedParser.Parse(new IncludedFile("include b\n", "a", "inode-1"),
            (pattern, _) => [pattern == "b" ? new IncludedFile("include ../a\n", "b", "inode-2") : new IncludedFile("x\n", "../a", "inode-1")]));
        Assert.Equal("b:1: include: ../a: a cycle of includes (a → b → ../a); keepalived would read it forever", e.Message);
    }

    [Fact]
    public void The_same_file_included_twice_side_by_side_is_no_cycle_but_counts_toward_the_file_limit()
    {
        KeepalivedIncludeResolver same = (_, _) => [new IncludedFile("x\n", "x.conf")];
        Assert.Equal(2, KeepalivedParser.Parse("include x.conf\ninclude x.conf\n", "k.conf", same).Count);
        var many = string.Concat(Enumerable.Repeat("include x.conf\n", KeepalivedLimits.MaxIncludedFiles + 1));
        var e = Assert.Throws<KeepalivedSyntaxException>(() => KeepalivedParser.Parse(many, "k.conf", same));
        Assert.Equal(KeepalivedLimits.MaxIncludedFiles + 1, e.Position.Line);
        Assert.Contains("more than 256 files included in all", e.Reason);
    }

    [Fact]
    public void A_long_chain_of_continued_lines_is_one_statement()
    {
        var text = "real_server" + string.Concat(Enumerable.Repeat(" 1 \\\n", 200_000)) + " 80\n";
        var node = Assert.Single(KeepalivedParser.Parse(text, "k.conf"));
        Assert.Equal(200_001, node.Arguments.Count);
    }

    private static string Group(params string[] members) =>
        "virtual_server_group G {\n" + string.Concat(members.Select(m => $"  {m}\n")) + "}\n";

    private const string UsesGroup = "virtual_server group G {\n  real_server 198.51.100.1 80 {\n  }\n}\n";

    [Theory]
    [InlineData("192.0.2.0-255 80", 256)]
    [InlineData("2001:db8::ff00-ffff 80", 256)]
    public void A_range_of_the_limit_expands(string member, int services)
    {
        var import = KeepalivedImporter.Import(Group(member) + UsesGroup, "k.conf");
        Assert.Null(import.SyntaxError);
        Assert.Equal(services, import.Hocon!.Split('\n').Count(l => l.StartsWith("    vs-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("2001:db8::0-ffff 80", "k.conf:2: 2001:db8::0-ffff: the range holds 65536 addresses, more than the 256")]
    [InlineData("2001:db8::feff-ffff 80", "k.conf:2: 2001:db8::feff-ffff: the range holds 257 addresses")]
    public void A_larger_range_is_refused(string member, string error)
    {
        Assert.StartsWith(error, SyntaxError(KeepalivedImporter.Import(Group(member) + UsesGroup, "k.conf")).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_are_counted_in_all_each_time_a_group_is_used()
    {
        var ranges = Enumerable.Range(0, 16).Select(i => $"10.0.{i}.0-255 80").ToArray();
        Assert.Null(KeepalivedImporter.Import(Group(ranges) + UsesGroup, "k.conf").SyntaxError);
        var error = SyntaxError(KeepalivedImporter.Import(Group(ranges) + UsesGroup + UsesGroup, "k.conf"));
        Assert.Equal(new SourcePosition("k.conf", 2), error.Position);
        Assert.Contains("more than 4096 addresses in all", error.Reason);
    }

    [Fact]
    public void Thousands_of_services_on_one_key_get_distinct_names()
    {
        var text = string.Concat(Enumerable.Repeat("virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 198.51.100.1 80 {\n  }\n}\n", 3000));
        var names = KeepalivedImporter.Import(text, "k.conf").Hocon!.Split('\n').Where(l => l.StartsWith("    vs-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3000, names.Distinct().Count());
        Assert.Equal("    vs-192-0-2-1-80-3000 {", names[^1]);
    }
}
