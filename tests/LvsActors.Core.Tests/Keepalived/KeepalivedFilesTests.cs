using LvsActors.Configuration.Hocon;
using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>
/// Includes read from disk: globs as glob(3) matches them, and everything that is not a readable regular file of
/// reasonable size refused with file:line: include: why — never a hang, a stack trace or an endless read.
/// </summary>
public sealed class KeepalivedFilesTests : IDisposable
{
    private readonly HostileFolder folder = new();

    public void Dispose() => folder.Dispose();

    private KeepalivedImport Import(string text) =>
        KeepalivedImporter.Import(new IncludedFile(text, folder.In("main.conf")), new KeepalivedFiles().Resolve);

    private ImportReport SyntaxError(string text, string at = "main.conf")
    {
        var import = Import(text);
        Assert.True(import.SyntaxError is not null, $"expected a syntax error, got:\n{import.Hocon}");
        Assert.Null(import.Hocon);
        Assert.Equal(new SourcePosition(folder.In(at), 1), import.SyntaxError.Position);
        Assert.Equal("include", import.SyntaxError.Keyword);
        return import.SyntaxError;
    }

    [Fact]
    public void A_glob_matches_files_sorted_and_skips_directories_and_hidden_files()
    {
        var files = new KeepalivedFiles().Resolve("conf.d/*", new SourcePosition(folder.In("main.conf"), 1));
        Assert.NotNull(files);
        Assert.Equal([folder.In("conf.d/a.conf"), folder.In("conf.d/b.conf")], files.Select(f => f.File));
    }

    [Theory]
    [InlineData("conf.d/[ab].conf", 2)]
    [InlineData("conf.d/[!a].conf", 1)]
    [InlineData("conf.d/?.conf", 2)]
    [InlineData("conf.d/{a,b}.conf", 2)]
    [InlineData("conf.d/{a,{b,[c]}}.conf", 2)]
    [InlineData("conf.d/.*.conf", 1)]
    [InlineData("c*/a.conf", 1)]
    [InlineData("conf.d/*.none", 0)]
    public void Glob_patterns_match_as_glob_3_does(string pattern, int matches)
    {
        var files = new KeepalivedFiles().Resolve(pattern, new SourcePosition(folder.In("main.conf"), 1));
        Assert.Equal(matches, files?.Count ?? -1);
    }

    [Fact]
    public void An_unclosed_bracket_is_a_syntax_error_not_a_regex_exception()
    {
        var error = SyntaxError("include foo[.conf\n");
        Assert.Contains("foo[.conf: the '[' at character 4 opens a set that no ']' closes", error.Reason);
    }

    [Theory]
    [InlineData("pipe.conf", "is a FIFO")]
    [InlineData("zero.conf", "is a device")]
    [InlineData("/dev/zero", "is a device")]
    [InlineData("conf.d", "is a directory")]
    [InlineData("big.conf", "is larger than 4 MiB")]
    [InlineData("missing.conf", "no such file")]
    public void What_is_not_a_readable_regular_file_is_refused_with_the_include_line(string pattern, string why)
    {
        var reason = SyntaxError($"include {pattern}\n").Reason;
        Assert.StartsWith(pattern + ": ", reason, StringComparison.Ordinal);
        Assert.Contains(why, reason);
    }

    [Theory]
    [InlineData("loop.conf", "loop.conf", "loop.conf → loop.conf")]
    [InlineData("ping.conf", "pong.conf", "ping.conf → pong.conf → ping.conf")]
    public void A_cycle_of_includes_is_refused_where_it_closes(string pattern, string at, string cycle)
    {
        var shown = cycle.Replace("→ ", $"→ {folder.Path}/");
        Assert.Equal($"{pattern}: a cycle of includes ({folder.Path}/{shown}); keepalived would read it forever", SyntaxError($"include {pattern}\n", at).Reason);
    }

    [Fact]
    public void A_file_included_under_another_name_is_still_a_cycle()
    {
        File.WriteAllText(folder.In("main.conf"), "include loop-link.conf\n");
        var files = new KeepalivedFiles();
        var main = files.Read(folder.In("main.conf"));
        var import = KeepalivedImporter.Import(main, files.Resolve);
        Assert.NotNull(import.SyntaxError);
        Assert.Equal($"loop.conf: a cycle of includes ({folder.In("loop-link.conf")} → {folder.In("loop.conf")}); keepalived would read it forever", import.SyntaxError.Reason);
        Assert.Equal(folder.In("loop-link.conf"), import.SyntaxError.Position.File);
    }

    [Fact]
    public void An_unreadable_include_is_refused_with_the_reason()
    {
        Assert.True(folder.UnreadableProblem is null, folder.UnreadableProblem);
        Assert.Contains("cannot be read: Permission denied", SyntaxError("include unreadable.conf\n").Reason);
    }

    [Fact]
    public void The_main_file_is_refused_the_same_way()
    {
        var e = Assert.Throws<KeepalivedFileException>(() => new KeepalivedFiles().Read(folder.In("pipe.conf")));
        Assert.Contains("is a FIFO", e.Reason);
        Assert.Throws<KeepalivedFileException>(() => new KeepalivedFiles().Read("/dev/zero"));
        Assert.True(Assert.Throws<KeepalivedFileException>(() => new KeepalivedFiles().Read(folder.In("missing.conf"))).Missing);
        Assert.True(Assert.Throws<KeepalivedFileException>(() => new KeepalivedFiles().Read("")).Missing);
    }

    [Fact]
    public void A_glob_matching_more_files_than_the_limit_is_refused_before_reading_them()
    {
        Directory.CreateDirectory(folder.In("many"));
        for (var i = 0; i <= KeepalivedLimits.MaxIncludedFiles; i++)
        {
            File.WriteAllText(folder.In($"many/{i:D3}.conf"), "");
        }
        Assert.Contains($"matches more than {KeepalivedLimits.MaxIncludedFiles} ", SyntaxError("include many/*.conf\n").Reason);
    }

    [Fact]
    public void Braces_that_expand_past_the_limit_are_refused()
    {
        Assert.Contains("expand to more than", SyntaxError($"include {string.Concat(Enumerable.Repeat("{a,b}", 9))}\n").Reason);
    }
}
