using System.Text.RegularExpressions;

namespace LvsActors.Cli.Tests;

/// <summary>
/// lvsactors-native (src/LvsActors.Cli.Native), compiled ahead of time as the Debian package installs it for
/// /usr/sbin/lvsactors: the table commands answer exactly as lvsactors does, on every example and every broken file;
/// any other command line runs the full lvsactors beside it, in the same process; without the full program it says so.
/// </summary>
public sealed partial class NativeLvsactorsTests : IClassFixture<NativeLvsactorsTests.Programs>
{
    private static readonly TimeSpan TimeLimit = Lvsactors.DefaultTimeLimit;
    private readonly Programs _programs;

    public NativeLvsactorsTests(Programs programs) => _programs = programs;

    /// <summary>The published native executable with the full lvsactors (the test's own build) beside it, and a copy alone in a folder.</summary>
    public sealed class Programs : IAsyncLifetime, IDisposable
    {
        private readonly string _alone = Directory.CreateTempSubdirectory("lvs-native-alone-").FullName;

        public string WithFull { get; private set; } = "";

        public string Alone => Path.Combine(_alone, "lvsactors-native");

        public async Task InitializeAsync()
        {
            WithFull = await PublishedNative.PathAsync();
            var full = Path.Combine(Path.GetDirectoryName(WithFull)!, "lvsactors");
            File.Delete(full);
            File.CreateSymbolicLink(full, Path.Combine(AppContext.BaseDirectory, "lvsactors"));
            File.Copy(WithFull, Alone);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => Directory.Delete(_alone, recursive: true);
    }

    public static TheoryData<string> Examples() => new(Directory.GetFiles(RepositoryRoot.Of("hocon"), "*.conf").Select(f => Path.Combine("hocon", Path.GetFileName(f))).Order());

    public static TheoryData<string> BrokenFiles() => new(Directory.GetFiles(RepositoryRoot.Of("tests", "LvsActors.Core.Tests", "Corpus", "broken"), "*.conf")
        .Select(f => Path.Combine("tests", "LvsActors.Core.Tests", "Corpus", "broken", Path.GetFileName(f))).Order());

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Validate_and_render_of_every_example_answer_as_lvsactors_does(string file)
    {
        await AnswersAlike("validate", file);
        await AnswersAlike("render", file);
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task Validate_and_apply_of_every_broken_file_answer_as_lvsactors_does(string file)
    {
        var run = await AnswersAlike("validate", file);
        Assert.Equal(2, run.ExitCode);
        await AnswersAlike("apply", file);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("save")]
    [InlineData("apply", "hocon/nat.conf")]
    [InlineData("list", "--stats", "--rate")]
    [InlineData("apply")]
    [InlineData("validate", "no/such/file.conf")]
    [InlineData("render", "hocon/quickstart.conf", "--bogus")]
    [InlineData("--log-level", "debug", "validate", "hocon/quickstart.conf")]
    [InlineData("--log-level", "loud", "validate", "hocon/quickstart.conf")]
    public async Task The_table_commands_fail_as_lvsactors_does(params string[] args)
    {
        Assert.False(File.Exists("/proc/net/ip_vs"),
            "this host's kernel has IPVS (/proc/net/ip_vs exists), and apply would change its table: run this test on a host without ip_vs loaded; the kernel lab runs apply");
        await AnswersAlike(args);
    }

    [Fact]
    public async Task The_version_is_the_full_programs() => Assert.Equal(0, (await AnswersAlike("--version")).ExitCode);

    [Theory]
    [InlineData(0, "simulate", "--scheduler", "wrr", "--server", "198.51.100.11:80@3", "--server", "198.51.100.12:80@1", "--connections", "8")]
    [InlineData(0, "--help")]
    [InlineData(0, "run", "--help")]
    [InlineData(2, "frobnicate")]
    [InlineData(2)]
    public async Task Every_other_command_line_is_the_full_programs(int exitCode, params string[] args) =>
        Assert.Equal(exitCode, (await AnswersAlike(args)).ExitCode);

    [Theory]
    [InlineData("validate", "hocon/quickstart.conf")]
    [InlineData("--log-level", "debug", "render", "hocon/quickstart.conf")]
    [InlineData("--version")]
    public async Task Alone_the_table_commands_still_run(params string[] args)
    {
        var alone = await Lvsactors.InvokeProgramAsync(_programs.Alone, args, TimeLimit);
        var full = await Lvsactors.InvokeAsync(args, TimeLimit);
        Assert.Equal((full.ExitCode, full.Stdout, WithoutTimes(full.Stderr)), (alone.ExitCode, alone.Stdout, WithoutTimes(alone.Stderr)));
    }

    [Theory]
    [InlineData("run", "hocon/quickstart.conf")]
    [InlineData("status")]
    [InlineData("--help")]
    public async Task Alone_any_other_command_names_the_missing_program(params string[] args)
    {
        var alone = await Lvsactors.InvokeProgramAsync(_programs.Alone, args, TimeLimit);
        Assert.Equal(1, alone.ExitCode);
        Assert.Equal("", alone.Stdout);
        Assert.Equal($"lvsactors: this command needs the full lvsactors program, which is not at {Path.Combine(Path.GetDirectoryName(_programs.Alone)!, "lvsactors")}; "
            + "without it only validate, render, apply, list, save and --version run\n", alone.Stderr);
    }

    private async Task<CliResult> AnswersAlike(params string[] args)
    {
        var native = await Lvsactors.InvokeProgramAsync(_programs.WithFull, args, TimeLimit);
        var full = await Lvsactors.InvokeAsync(args, TimeLimit);
        Assert.Equal((full.ExitCode, full.Stdout, WithoutTimes(full.Stderr)), (native.ExitCode, native.Stdout, WithoutTimes(native.Stderr)));
        return native;
    }

    // Log lines begin with the time of day, which differs between the two runs.
    private static string WithoutTimes(string stderr) => LogTime().Replace(stderr, "");

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{3} ", RegexOptions.Multiline)]
    private static partial Regex LogTime();
}
