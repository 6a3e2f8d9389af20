using LvsActors.Configuration.Hocon;
using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>keepalived's grammar as lib/parser.c reads it: comments, quotes, continuations, braces, includes.</summary>
public sealed class KeepalivedParserTests
{
    [Fact]
    public void Comments_start_with_hash_or_bang_outside_quotes_and_a_backslash_makes_them_literal()
    {
        var nodes = KeepalivedParser.Parse("a 1 # one\n! whole line\nb \"x # y\" ! two\nc \\#3\n", "k.conf");
        Assert.Equal(["a", "b", "c"], nodes.Select(n => n.Keyword));
        Assert.Equal(["1"], nodes[0].Arguments);
        Assert.Equal(["x # y"], nodes[1].Arguments);
        Assert.Equal(["#3"], nodes[2].Arguments);
        Assert.Equal(new SourcePosition("k.conf", 3), nodes[1].Position);
    }

    [Fact]
    public void A_trailing_backslash_continues_the_statement_on_the_next_line()
    {
        var node = Assert.Single(KeepalivedParser.Parse("real_server 198.51.100.1 \\\n   80\n", "k.conf"));
        Assert.Equal(["198.51.100.1", "80"], node.Arguments);
        Assert.Equal(1, node.Position.Line);
    }

    [Fact]
    public void Blocks_nest_on_one_line_or_many_and_a_brace_may_stand_on_its_own_line()
    {
        var nodes = KeepalivedParser.Parse("rs 1 { TCP_CHECK { connect_port 80 } }\nvs 2\n{\n  x\n}\n", "k.conf");
        var check = Assert.Single(nodes[0].Block);
        Assert.Equal("TCP_CHECK", check.Keyword);
        Assert.Equal("connect_port", Assert.Single(check.Block).Keyword);
        Assert.Equal("x", Assert.Single(nodes[1].Block).Keyword);
        Assert.Equal(4, nodes[1].Block[0].Position.Line);
    }

    [Fact]
    public void Includes_are_read_in_place_with_their_own_file_and_line()
    {
        var nodes = KeepalivedParser.Parse("vs 1 {\n  include rs.conf\n}\n", "main.conf",
            (pattern, from) => pattern == "rs.conf" && from == new SourcePosition("main.conf", 2) ? [new IncludedFile("\n\nreal_server 2\n", "rs.conf")] : null);
        var realServer = Assert.Single(nodes[0].Block);
        Assert.Equal(new SourcePosition("rs.conf", 3), realServer.Position);
    }

    [Fact]
    public void An_include_of_itself_stops_with_an_error_instead_of_recursing_forever()
    {
        var e = Assert.Throws<KeepalivedSyntaxException>(() =>
            KeepalivedParser.Parse("include self.conf\n", "self.conf", (_, _) => [new IncludedFile("include self.conf\n", "self.conf")]));
        Assert.Contains("a cycle of includes (self.conf → self.conf)", e.Reason);
    }

    [Theory]
    [InlineData("a {\n", 1, "never closed")]
    [InlineData("a\n}\n", 2, "unbalanced '}'")]
    [InlineData("{\n}\n", 1, "without a keyword")]
    [InlineData("a \"b\n", 1, "unterminated quote")]
    [InlineData("include missing.conf\n", 1, "no such file")]
    public void Syntax_errors_name_the_line(string text, int line, string reason)
    {
        var e = Assert.Throws<KeepalivedSyntaxException>(() => KeepalivedParser.Parse(text, "k.conf", (_, _) => null));
        Assert.Equal(line, e.Position.Line);
        Assert.Contains(reason, e.Reason);
    }
}
