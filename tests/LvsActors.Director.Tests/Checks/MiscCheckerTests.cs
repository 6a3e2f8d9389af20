using LvsActors.Director.Checks;
using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class MiscCheckerTests : IDisposable
{
    private readonly ScriptDirectory _scripts = new();

    private static MiscCheckSpec Spec(string[] command, bool dynamic = false, string? user = null, TimeSpan? timeout = null) =>
        new(CheckTiming.Default, ConnectOptions.Default, new NotifyCommand(command), timeout ?? TimeSpan.FromSeconds(10), user, dynamic);

    // A misc check does not probe the real server's address; any endpoint will do.
    private static Task<CheckResult> RunAsync(MiscCheckSpec spec) => Probe.RunAsync(spec, Probe.Loopback(80));

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public async Task Exit_0_is_up_with_the_configured_weight()
    {
        var script = _scripts.Write("ok", "exit 0");

        var result = await RunAsync(Spec([script]));

        Assert.True(result.Up, result.Reason);
        Assert.Null(result.Weight);
    }

    [Fact]
    public async Task Exit_1_is_down_and_the_first_line_of_stderr_says_why()
    {
        var script = _scripts.Write("fail", "echo 'checking db' ; echo 'db unreachable' >&2 ; exit 1");

        var result = await RunAsync(Spec([script]));

        Assert.False(result.Up);
        Assert.Equal($"{script} exited 1: db unreachable", result.Reason);
    }

    [Fact]
    public async Task Megabytes_of_output_neither_block_the_program_nor_the_reason()
    {
        var script = _scripts.Write("chatty", "head -c 4000000 /dev/zero | tr '\\0' x ; echo ; echo 'late line' >&2 ; exit 1");

        var result = await RunAsync(Spec([script]));

        Assert.False(result.Up);
        Assert.Equal($"{script} exited 1: late line", result.Reason);
    }

    [Fact]
    public async Task With_dynamic_exit_5_is_up_with_weight_3()
    {
        var script = _scripts.Write("five", "exit 5");

        var result = await RunAsync(Spec([script], dynamic: true));

        Assert.True(result.Up, result.Reason);
        Assert.Equal(3, result.Weight);
    }

    [Fact]
    public async Task Without_dynamic_exit_5_is_down()
    {
        var script = _scripts.Write("five", "exit 5");

        var result = await RunAsync(Spec([script]));

        Assert.False(result.Up);
        Assert.Equal($"{script} exited 5", result.Reason);
    }

    [Fact]
    public async Task With_dynamic_exit_1_is_still_down()
    {
        var script = _scripts.Write("one", "exit 1");

        var result = await RunAsync(Spec([script], dynamic: true));

        Assert.False(result.Up);
    }

    [Fact]
    public async Task Arguments_reach_the_program_verbatim_without_a_shell()
    {
        var output = Path.Combine(_scripts.Path, "args");
        var script = _scripts.Write("args", $"printf '%s|' \"$@\" > {output}");
        string[] arguments = ["two words", "$(touch pwned)", "a;b", "*"];

        var result = await RunAsync(Spec([script, .. arguments]));

        Assert.True(result.Up, result.Reason);
        Assert.Equal("two words|$(touch pwned)|a;b|*|", File.ReadAllText(output));
        Assert.False(File.Exists("/pwned"));
    }

    [Fact]
    public async Task A_program_that_outlives_the_timeout_is_killed_with_its_children()
    {
        var pidFile = Path.Combine(_scripts.Path, "child.pid");
        var script = _scripts.Write("slow", $"sleep 30 &\necho $! > {pidFile}\nwait");

        var result = await RunAsync(Spec([script], timeout: TimeSpan.FromMilliseconds(500)));

        Assert.False(result.Up);
        Assert.Equal($"{script} timed out after 500ms and was killed", result.Reason);
        var child = int.Parse(File.ReadAllText(pidFile));
        Assert.False(ProcessState.IsRunning(child), $"the script's child {child} still runs");
    }

    [Fact]
    public async Task The_program_runs_in_the_root_directory()
    {
        var output = Path.Combine(_scripts.Path, "cwd");
        var script = _scripts.Write("cwd", $"pwd > {output}");

        var result = await RunAsync(Spec([script]));

        Assert.True(result.Up, result.Reason);
        Assert.Equal("/\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task A_missing_program_is_down_with_the_reason()
    {
        var result = await RunAsync(Spec(["/nonexistent/check-web"]));

        Assert.False(result.Up);
        Assert.Equal("cannot run /nonexistent/check-web: No such file or directory", result.Reason);
    }

    [Fact]
    public async Task The_program_runs_as_the_configured_user()
    {
        // The test runs as root (the director needs it for IPVS); the checker must drop to 'nobody'.
        Assert.True(Environment.UserName == "root", "running a check as another user needs root; run the tests as root");
        var script = _scripts.Write("whoami", "test \"$(id -un)\" = nobody");

        var asNobody = await RunAsync(Spec([script], user: "nobody"));
        var asRoot = await RunAsync(Spec([script]));

        Assert.True(asNobody.Up, asNobody.Reason);
        Assert.False(asRoot.Up);
    }

    [Fact]
    public async Task An_unknown_user_is_down_with_the_reason()
    {
        var script = _scripts.Write("ok", "exit 0");

        var result = await RunAsync(Spec([script], user: "no-such-user-lvs"));

        Assert.False(result.Up);
        Assert.StartsWith($"cannot run {script} as user no-such-user-lvs: ", result.Reason);
    }
}
