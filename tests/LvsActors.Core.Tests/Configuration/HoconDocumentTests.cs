using LvsActors.Configuration.Hocon;

namespace LvsActors.Tests.Configuration;

public sealed class HoconDocumentTests
{
    private static HoconObject Parse(string text, Func<string, string?>? env = null) => HoconDocument.Parse(text, "t.conf", environment: env);

    private static string Scalar(HoconObject root, string path)
    {
        HoconNode node = root;
        foreach (var segment in path.Split('.'))
        {
            node = ((HoconObject)node).Field(segment)!.Value;
        }
        return ((HoconScalar)node).Text;
    }

    [Fact]
    public void Dotted_keys_and_repeated_objects_merge()
    {
        var root = Parse("a.b = 1\na { c = 2 }\na.b = 3\n");
        Assert.Equal("3", Scalar(root, "a.b"));
        Assert.Equal("2", Scalar(root, "a.c"));
    }

    [Fact]
    public void Spaces_before_the_end_of_a_value_are_dropped_and_spaces_between_pieces_kept()
    {
        var root = Parse("a = { b = tcp   }\nc = [ x  , y\t ]\nd = two words  \ne = { f = 1 }  \ng = \"q\" tail , h = 2\n");
        Assert.Equal("tcp", Scalar(root, "a.b"));
        Assert.Equal(["x", "y"], ((HoconArray)root.Field("c")!.Value).Items.Select(i => ((HoconScalar)i).Text));
        Assert.Equal("two words", Scalar(root, "d"));
        Assert.Equal("1", Scalar(root, "e.f"));
        Assert.Equal("q tail", Scalar(root, "g"));
        Assert.Equal("2", Scalar(root, "h"));
    }

    [Fact]
    public void A_key_an_optional_substitution_leaves_empty_is_gone_and_an_object_merged_from_it_adds_it_last()
    {
        var root = Parse("x = { p = 1, q = ${?nowhere}, r = 3 }\ny = ${x} { q = 2 }\n");
        Assert.Equal(["p", "r"], ((HoconObject)root.Field("x")!.Value).Fields.Select(f => f.Key));
        Assert.Equal(["p", "r", "q"], ((HoconObject)root.Field("y")!.Value).Fields.Select(f => f.Key));
        Assert.Equal("2", Scalar(root, "y.q"));
    }

    [Fact]
    public void Objects_of_many_keys_find_each_key_and_keep_their_order()
    {
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i * 7 % 20}").ToList();
        var root = Parse(string.Concat(keys.Select((k, i) => $"{k} = {i}\n")) + "k3 = changed\n");
        Assert.Equal(keys, root.Fields.Select(f => f.Key));
        Assert.Equal("changed", Scalar(root, "k3"));
        Assert.Equal("0", Scalar(root, "k0"));
    }

    [Fact]
    public void Keys_keep_the_order_they_were_first_written_in()
    {
        var root = Parse("z = 1\na = 2\nm = 3\nz = 4\n");
        Assert.Equal(["z", "a", "m"], root.Fields.Select(f => f.Key));
    }

    [Fact]
    public void Comments_separators_and_string_forms()
    {
        var root = Parse(
            "# a comment\n" +
            "a = \"quoted \\\"x\\\" \\t\" // trailing comment\n" +
            "b : unquoted words here\n" +
            "c = \"\"\"triple\nline\"\"\", d = 5s\n");
        Assert.Equal("quoted \"x\" \t", Scalar(root, "a"));
        Assert.Equal("unquoted words here", Scalar(root, "b"));
        Assert.Equal("triple\nline", Scalar(root, "c"));
        Assert.Equal("5s", Scalar(root, "d"));
    }

    [Fact]
    public void Substitutions_resolve_from_the_document_then_the_environment()
    {
        var root = Parse("base = \"192.0.2\"\nvip = ${base}\".100:80\"\nport = ${PORT}\nopt = ${?NOT_SET}\n", n => n == "PORT" ? "8080" : null);
        Assert.Equal("192.0.2.100:80", Scalar(root, "vip"));
        Assert.Equal("8080", Scalar(root, "port"));
        Assert.Null(root.Field("opt"));
    }

    [Fact]
    public void Arrays_append_with_plus_equals_and_hold_objects()
    {
        var root = Parse("xs = [1, 2]\nxs += 3\nys = [\n  { a = 1 }\n  { a = 2 }\n]\n");
        Assert.Equal(3, ((HoconArray)root.Field("xs")!.Value).Items.Count);
        Assert.Equal(2, ((HoconArray)root.Field("ys")!.Value).Items.Count);
    }

    [Fact]
    public void A_list_item_may_still_extend_a_substitution_and_objects_merge_outside_lists()
    {
        var root = Parse("base = { port = 80 }\nrs = [ ${base} { address = a } ]\nmerged = { a = 1 } { b = 2 }\n");

        var item = Assert.IsType<HoconObject>(Assert.Single(Assert.IsType<HoconArray>(root.Field("rs")!.Value).Items));
        Assert.NotNull(item.Field("port"));
        Assert.NotNull(item.Field("address"));
        Assert.Equal("2", Scalar(root, "merged.b"));
    }

    [Fact]
    public void Every_value_remembers_its_line()
    {
        var root = Parse("a {\n  b = 1\n\n  c = [\n    2\n  ]\n}\n");
        var a = (HoconObject)root.Field("a")!.Value;
        Assert.Equal(2, a.Field("b")!.Position.Line);
        Assert.Equal(4, a.Field("c")!.Position.Line);
        Assert.Equal(5, ((HoconArray)a.Field("c")!.Value).Items[0].Position.Line);
    }

    [Fact]
    public void Includes_merge_the_named_file_where_they_stand()
    {
        var root = HoconDocument.Parse("a = 1\ninclude \"other.conf\"\nb = 3\n", "main.conf",
            (name, _) => name == "other.conf" ? ("a = 2\nc = 4\n", "other.conf") : null);
        Assert.Equal("2", Scalar(root, "a"));
        Assert.Equal("4", Scalar(root, "c"));
        Assert.Equal("other.conf", root.Field("c")!.Position.File);
    }

    [Theory]
    [InlineData("a = {\n b = 1\n", 3, "missing '}'")]
    [InlineData("a = [1, 2\n", 2, "missing ']'")]
    [InlineData("a = \"open\nb = 1\n", 1, "not closed")]
    [InlineData("a b = 1\n", 1, "expected '=', ':' or '{' after the key 'a'")]
    [InlineData("x = 1\ny = ${missing}\n", 2, "${missing} is not defined")]
    [InlineData("x = ${x}\n", 1, "refers to itself")]
    [InlineData("include required(\"nope.conf\")\n", 1, "required include \"nope.conf\" was not found")]
    [InlineData("a = 192.0.2.1:80\n", 1, "must be quoted")]
    [InlineData("rs = [\n { address = a } { address = b }\n]\n", 2, "two objects side by side in a list would merge into one")]
    [InlineData("rs = [ { a = 1 }, { a = 2 } { a = 3 } ]\n", 1, "separate the list's items with a comma or a newline")]
    public void Syntax_errors_name_the_line_and_what_was_expected(string text, int line, string message)
    {
        var e = Assert.Throws<HoconSyntaxException>(() => Parse(text));
        Assert.Equal(line, e.Position.Line);
        Assert.Contains(message, e.Reason);
    }
}
