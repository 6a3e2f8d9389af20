using LvsActors.Configuration;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Tests.Configuration;

/// <summary>
/// Issue 16, items 2, 3 and 6: a hostile or careless file ends in an error that names file and line — never a stack
/// overflow, an endless read, an exhausted heap, or text silently skipped.
/// </summary>
public sealed class ReaderLimitTests : IDisposable
{
    private const string Valid = "lvs { data-plane = dry-run }\n";
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Only(ConfigResult<Model.LvsConfig> result)
    {
        Assert.False(result.IsValid);
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains(LvsConfigLoader.InternalError, StringComparison.Ordinal));
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void Ten_thousand_nested_objects_are_refused_at_the_level_past_the_limit()
    {
        var text = "lvs { data-plane = dry-run }\nx = " + string.Concat(Enumerable.Repeat("{ a = ", 10_000)) + "1" + new string('}', 10_000) + "\n";
        Assert.Equal("test.conf:2: objects and lists nest deeper than 64 levels", Only(LvsConfigLoader.Load(text, "test.conf")));
    }

    [Fact]
    public void Nested_lists_and_long_dotted_keys_count_as_nesting_too()
    {
        Assert.Contains("nest deeper than 64 levels", Only(LvsConfigLoader.Load("x = " + new string('[', 10_000), "test.conf")));
        var key = string.Join('.', Enumerable.Repeat("a", 10_000));
        Assert.StartsWith("test.conf:1: the key 'a.a.a", Only(LvsConfigLoader.Load(key + " = 1\n", "test.conf")));
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read()
    {
        var depth = HoconLimits.MaxNestingDepth - 1;
        var text = Valid + "akka.x = " + string.Concat(Enumerable.Repeat("{ a = ", depth)) + "1" + new string('}', depth) + "\n";
        var result = LvsConfigLoader.Load(text, "test.conf");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Substitutions_that_nest_objects_past_the_limit_are_refused()
    {
        var lines = Enumerable.Range(1, 200).Select(i => $"l{i} = {{ x = ${{l{i - 1}}} }}");
        var text = "l0 = 1\n" + string.Join("\n", lines) + "\n" + Valid;
        Assert.Contains("nest deeper than", Only(LvsConfigLoader.Load(text, "test.conf")));
    }

    [Fact]
    public void An_include_cycle_is_refused_with_the_chain()
    {
        var a = _folder.Write("a.conf", "include \"b.conf\"\n" + Valid);
        _folder.Write("b.conf", "x = 1\ninclude \"a.conf\"\n");
        var b = _folder.File("b.conf");
        Assert.Equal($"{b}:2: include \"a.conf\" makes a cycle: {a} → {b} → {a}", Only(LvsConfigFile.Load(a)));
    }

    [Fact]
    public void A_file_that_includes_itself_by_another_spelling_is_a_cycle()
    {
        var a = _folder.Write("a.conf", "include \"./a.conf\"\n" + Valid);
        Assert.Contains("makes a cycle", Only(LvsConfigFile.Load(a)));
    }

    [Fact]
    public void Includes_deeper_than_the_limit_are_refused()
    {
        for (var i = 0; i < 30; i++)
        {
            _folder.Write($"f{i}.conf", $"include \"f{i + 1}.conf\"\n");
        }
        _folder.Write("f30.conf", Valid);
        Assert.Contains("includes nest deeper than 16 files", Only(LvsConfigFile.Load(_folder.File("f0.conf"))));
    }

    [Fact]
    public void More_includes_than_the_limit_are_refused()
    {
        _folder.Write("empty.conf", "");
        var main = _folder.Write("main.conf", Valid + string.Concat(Enumerable.Repeat("include \"empty.conf\"\n", 300)));
        Assert.Equal($"{main}:258: include \"empty.conf\": more than 256 includes in one configuration", Only(LvsConfigFile.Load(main)));
    }

    [Theory]
    [InlineData("/dev/zero", "it is a character device, not a regular file")]
    [InlineData("/dev/null", "it is a character device, not a regular file")]
    [InlineData("/tmp", "it is a directory, not a regular file")]
    public void Includes_of_devices_and_directories_are_refused(string target, string reason)
    {
        var main = _folder.Write("main.conf", Valid + $"include \"{target}\"\n");
        Assert.Equal($"{main}:2: include \"{target}\": {reason}", Only(LvsConfigFile.Load(main)));
    }

    [Fact]
    public void An_include_of_a_fifo_is_refused_without_waiting_for_a_writer()
    {
        TempConfigFolder.Run("mkfifo", _folder.File("pipe"));
        var main = _folder.Write("main.conf", Valid + "include \"pipe\"\n");
        Assert.Equal($"{main}:2: include \"pipe\": it is a FIFO (named pipe), not a regular file", Only(LvsConfigFile.Load(main)));
    }

    [Fact]
    public void An_unreadable_include_is_refused_with_the_reason()
    {
        // A symbolic link loop: unreadable even for root, which ignores file permissions.
        File.CreateSymbolicLink(_folder.File("loop1"), _folder.File("loop2"));
        File.CreateSymbolicLink(_folder.File("loop2"), _folder.File("loop1"));
        var main = _folder.Write("main.conf", Valid + "include \"loop1\"\n");
        Assert.StartsWith($"{main}:2: include \"loop1\": cannot open it: ", Only(LvsConfigFile.Load(main)));
    }

    [Fact]
    public void The_configuration_file_itself_must_be_a_regular_file()
    {
        Assert.Equal("/dev/zero: cannot read the file: it is a character device, not a regular file", Only(LvsConfigFile.Load("/dev/zero")));
        Assert.Equal($"{_folder.Path}: cannot read the file: it is a directory, not a regular file", Only(LvsConfigFile.Load(_folder.Path)));
        Assert.Equal($"{_folder.File("none.conf")}: cannot read the file: it does not exist", Only(LvsConfigFile.Load(_folder.File("none.conf"))));
    }

    [Fact]
    public void Files_above_the_size_limits_are_refused()
    {
        var big = _folder.Write("big.conf", "# " + new string('x', HoconLimits.MaxFileBytes) + "\n");
        Assert.StartsWith($"{big}: cannot read the file: it is larger than 4 MiB", Only(LvsConfigFile.Load(big)));
        var part = "# " + new string('x', HoconLimits.MaxFileBytes - 100) + "\n";
        for (var i = 0; i < 5; i++)
        {
            _folder.Write($"part{i}.conf", part);
        }
        var main = _folder.Write("main.conf", Valid + string.Concat(Enumerable.Range(0, 5).Select(i => $"include \"part{i}.conf\"\n")));
        Assert.Contains("(limit 4 MiB a file, 16 MiB with all includes)", Only(LvsConfigFile.Load(main)));
    }

    [Fact]
    public void Doubling_substitutions_are_refused_at_the_length_limit()
    {
        var lines = Enumerable.Range(1, 60).Select(i => $"s{i} = ${{s{i - 1}}}${{s{i - 1}}}");
        var text = Valid + "s0 = abcdefgh\n" + string.Join("\n", lines) + "\n";
        Assert.Contains("longer than 1,048,576 characters", Only(LvsConfigLoader.Load(text, "test.conf")));
    }

    [Fact]
    public void Doubling_objects_and_lists_are_refused_at_the_value_limit()
    {
        var objects = Enumerable.Range(1, 60).Select(i => $"o{i} = {{ a = ${{o{i - 1}}}, b = ${{o{i - 1}}} }}");
        Assert.Contains("beyond 1,000,000 values", Only(LvsConfigLoader.Load(Valid + "o0 = { x = 1 }\n" + string.Join("\n", objects.Take(40)), "test.conf")));
        var lists = Enumerable.Range(1, 60).Select(i => $"l{i} = ${{l{i - 1}}}${{l{i - 1}}}");
        Assert.Contains("joined from substitutions exceed 1,000,000 values in total", Only(LvsConfigLoader.Load(Valid + "l0 = [1, 2]\n" + string.Join("\n", lists), "test.conf")));
    }

    [Fact]
    public void Repeated_joins_of_a_large_object_are_refused_at_the_value_limit()
    {
        var large = "akka.o = { " + string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"k{i} = 1")) + " }\n";
        var joins = string.Concat(Enumerable.Range(0, 2000).Select(i => $"akka.p{i} = ${{akka.o}} {{ z = 1 }}\n"));
        Assert.Contains("objects and lists joined from substitutions exceed 1,000,000 values in total", Only(LvsConfigLoader.Load(Valid + large + joins, "test.conf")));
    }

    [Fact]
    public void Joined_objects_leave_the_objects_they_join_unchanged()
    {
        var result = LvsConfigLoader.Load(Valid + "akka.a = { o = { x = 1 } }\nakka.b = ${akka.a} { o = { y = 2 } }\n", "test.conf");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var akka = (HoconObject)result.Document!.Field("akka")!.Value;
        Assert.Equal("{\n  \"o\" = {\n    \"x\" = 1\n  }\n}", HoconWriter.Write(akka.Field("a")!.Value));
        Assert.Equal("{\n  \"o\" = {\n    \"x\" = 1\n    \"y\" = 2\n  }\n}", HoconWriter.Write(akka.Field("b")!.Value));
    }

    [Fact]
    public void Many_copies_of_a_long_value_are_refused_at_the_total_limit()
    {
        var text = Valid + "big = \"" + new string('x', 500_000) + "\"\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"c{i} = ${{big}}${{big}}\n"));
        Assert.Contains("16,777,216 characters in total", Only(LvsConfigLoader.Load(text, "test.conf")));
    }

    [Fact]
    public void A_nul_byte_is_an_error_not_the_end_of_the_file()
    {
        Assert.Equal("test.conf:2: a NUL byte: the file is binary or damaged, a configuration is text",
            Only(LvsConfigLoader.Load(Valid + "\0\nbogus-key = 3\n", "test.conf")));
        var file = _folder.Write("nul.conf", Valid + "x = 1\0\n");
        Assert.Equal($"{file}:2: a NUL byte: the file is binary or damaged, a configuration is text", Only(LvsConfigFile.Load(file)));
    }

    [Theory]
    [InlineData("lvs.admin.journal.path")]
    [InlineData("lvs.cluster.tls.certificate")]
    [InlineData("lvs.admin.replication.dir")]
    public void An_escaped_nul_in_a_file_name_is_an_error_not_an_exception(string key)
    {
        // Found by the fuzzer: a file name holding "\u0000" made the TLS rule's path functions throw.
        var text = "akka.actor.provider = cluster\nlvs.cluster.vips = [ { address = \"192.0.2.100/24\", interface = eth0 } ]\n"
            + key + " = \"/etc/lvs\\u0000x\"\n";
        Assert.Equal("test.conf:3: '\\u0000' in a quoted string: no setting holds a NUL character", Only(LvsConfigLoader.Load(text, "test.conf")));
    }
}
