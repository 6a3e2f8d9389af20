using LvsActors.Director.Leadership;
using LvsActors.Director.Notify;
using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Director.Tests.Programs;

/// <summary>
/// Track scripts and notify programs run as MISC_CHECK programs do (ExternalProgram): no shell, standard input
/// closed, and past the timeout the whole process tree killed.
/// </summary>
public sealed class ScriptAndNotifyProgramTests : IDisposable
{
    private readonly ScriptDirectory _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private static NotifyCommand Command(string program) => new(new[] { program });

    [Fact]
    public async Task A_track_script_is_fine_when_it_exits_0_and_failed_otherwise()
    {
        var ok = new ScriptTrack(Command(_scripts.Write("ok", "exit 0")), TimeSpan.FromSeconds(10));
        var failing = new ScriptTrack(Command(_scripts.Write("failing", "exit 1")), TimeSpan.FromSeconds(10));
        var missing = new ScriptTrack(Command("/nonexistent/track"), TimeSpan.FromSeconds(10));

        Assert.True(await ok.CheckAsync(CancellationToken.None));
        Assert.False(await failing.CheckAsync(CancellationToken.None));
        Assert.False(await missing.CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_track_script_never_waits_on_the_directors_standard_input()
    {
        // With our standard input inherited, cat would wait for the test host's input until the timeout.
        var track = new ScriptTrack(Command(_scripts.Write("reads-stdin", "cat > /dev/null")), TimeSpan.FromSeconds(20));

        Assert.True(await track.CheckAsync(CancellationToken.None), "the track script waited on standard input");
    }

    [Fact]
    public async Task A_track_script_that_outlives_its_timeout_fails_and_is_killed_with_its_children()
    {
        var pidFile = Path.Combine(_scripts.Path, "child.pid");
        var track = new ScriptTrack(Command(_scripts.Write("slow", $"sleep 30 &\necho $! > {pidFile}\nwait")), TimeSpan.FromMilliseconds(500));

        Assert.False(await track.CheckAsync(CancellationToken.None));
        var child = int.Parse(File.ReadAllText(pidFile));
        Assert.False(ProcessState.IsRunning(child), $"the track script's child {child} still runs");
    }

    [Fact]
    public async Task A_notify_program_gets_the_event_in_its_environment()
    {
        var output = Path.Combine(_scripts.Path, "event");
        var program = _scripts.Write("notify", $"echo \"$LVS_EVENT $LVS_REAL_SERVER\" > {output}.tmp && mv {output}.tmp {output}");
        var notifier = new ProcessNotifier(TimeSpan.FromSeconds(10), new LoggerConfiguration().CreateLogger());

        notifier.Run(Command(program), new Dictionary<string, string> { ["LVS_EVENT"] = "up", ["LVS_REAL_SERVER"] = "198.51.100.11:80" });

        Assert.True(await Poll.UntilAsync(() => File.Exists(output), 20), "the notify program did not run");
        Assert.Equal("up 198.51.100.11:80\n", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task A_notify_program_that_outlives_its_timeout_is_killed_with_its_children()
    {
        var pidFile = Path.Combine(_scripts.Path, "child.pid");
        var program = _scripts.Write("slow-notify", $"sleep 30 &\necho $! > {pidFile}.tmp && mv {pidFile}.tmp {pidFile}\nwait");
        var notifier = new ProcessNotifier(TimeSpan.FromMilliseconds(500), new LoggerConfiguration().CreateLogger());

        notifier.Run(Command(program), new Dictionary<string, string>());

        Assert.True(await Poll.UntilAsync(() => File.Exists(pidFile), 20), "the notify program did not start");
        var child = int.Parse(await File.ReadAllTextAsync(pidFile));
        Assert.True(await Poll.UntilAsync(() => !ProcessState.IsRunning(child), 20), $"the notify program's child {child} still runs");
    }
}
