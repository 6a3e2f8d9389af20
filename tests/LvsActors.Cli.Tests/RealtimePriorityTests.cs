using System.Diagnostics;

namespace LvsActors.Cli.Tests;

/// <summary>
/// lvs.director.realtime-priority as the kernel sees it: every thread of a running director under SCHED_RR, the
/// threads the runtime starts later too, from their first moment (the thread pool's come and go: one that began normal
/// ran a starved owner's heartbeats late in the kernel lab), all at one priority (the runtime started new threads at 50
/// while the first ones ran at the configured 1, and two workers spinning at 50 held both cores: start-up took seconds,
/// a SIGTERM 1 to 3 s), but the runtime's signal thread under the normal scheduler (a SIGTERM's handlers waited 1 s
/// behind it in the one-CPU lab guests: ProcessPriority.SetRealtime), and the programs it starts (a MISC check here)
/// under the normal scheduler at nice 0 although the director runs at nice -10. Needs root or CAP_SYS_NICE (CI runs as root).
/// </summary>
[Collection(Name)]
public sealed class RealtimePriorityTests : IDisposable
{
    public const string Name = "real-time director";

    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-rt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_director_thread_runs_sched_rr_and_its_check_programs_do_not()
    {
        var seen = Path.Combine(_folder, "check-policy");
        var config = Path.Combine(_folder, "director.conf");
        // The check writes fields 19 and 41 of its own /proc stat (its nice value; the policy: 0 normal, 2 SCHED_RR)
        // and passes.
        File.WriteAllText(config, $$"""
            lvs {
              data-plane = dry-run
              director { realtime-priority = 1, nice = -10 }
              admin { journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }, api.bind = "127.0.0.1:{{LoopbackPort.Free()}}" }
              virtual-services.web {
                address = "127.0.0.1:{{LoopbackPort.Free()}}"
                delay-loop = 1s
                real-servers = [ { address = "127.0.0.1:{{LoopbackPort.Free()}}", checks = [
                  { type = misc, command = ["/bin/sh", "-c", "cut -d' ' -f19,41 /proc/self/stat > {{seen}}"] } ] } ]
              }
            }
            """);
        using var director = new RunningDirector("run", "--config", config);
        // Configured 1, not the runtime's 50: the director must bring every thread to one priority and say which.
        var line = director.WaitFor("Director threads at real-time priority", within: TimeSpan.FromSeconds(60));
        var level = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"real-time priority (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        director.WaitFor("Director started", within: TimeSpan.FromSeconds(60));

        // Every look, for 5 s of a director checking, logging and serving: the threads started with the actor system,
        // and any the thread pool adds meanwhile, are under SCHED_RR at the logged priority whenever they can be seen.
        // The runtime's signal thread alone is under the normal scheduler (policy 0), at the director's nice value.
        var deadline = Stopwatch.StartNew();
        var seenThreads = new HashSet<string>();
        var signalThreads = 0;
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            var off = new List<string>();
            foreach (var task in Directory.GetDirectories($"/proc/{director.Id}/task"))
            {
                try
                {
                    seenThreads.Add(Path.GetFileName(task));
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                    var signals = name == LvsActors.Linux.Interop.ProcessPriority.SignalThreadName;
                    signalThreads += signals ? 1 : 0;
                    if (signals ? Field(stat, 41) != 0 || Field(stat, 19) != -10 : Field(stat, 41) != 2 || Field(stat, 40) != level)
                    {
                        off.Add($"{Path.GetFileName(task)} ({name}: policy {Field(stat, 41)}, priority {Field(stat, 40)}, nice {Field(stat, 19)})");
                    }
                }
                catch (IOException)
                {
                    // The thread ended between the listing and the read.
                }
            }
            Assert.True(off.Count == 0, $"threads not under SCHED_RR {level} (the signal thread: not normal at nice -10) after {deadline.ElapsedMilliseconds} ms: {string.Join(", ", off)}");
            Thread.Sleep(20);
        }
        Assert.True(seenThreads.Count > 10, $"only {seenThreads.Count} threads seen");
        // By name: a runtime that renamed it would leave the exemption in ProcessPriority applying to no thread.
        Assert.True(signalThreads > 0, $"no thread named \"{LvsActors.Linux.Interop.ProcessPriority.SignalThreadName}\": the runtime's signal thread has another name now");

        // A bound on a hang, not a timing: CI, its other test classes beside this one, once saw no check within 30 s
        // (the director's start-up there, linq2db's mappings for the admin journal, took up to 18 s of it).
        // Written by the check's shell: the file exists a moment before its line does.
        while ((!File.Exists(seen) || File.ReadAllText(seen).Trim().Length == 0) && deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            Thread.Sleep(200);
        }
        Assert.True(File.Exists(seen), $"the MISC check never ran; the director logged:\n{string.Join("\n", director.Lines)}");
        // Nice 0 and the normal scheduler: the director's -10 and SCHED_RR stayed with the director.
        Assert.Equal("0 0", File.ReadAllText(seen).Trim());
    }

    [Theory]
    [InlineData("100")]
    [InlineData("-1")]
    [InlineData("high")]
    public void Validate_refuses_a_priority_outside_0_to_99(string value)
    {
        var config = Path.Combine(_folder, "bad.conf");
        File.WriteAllText(config, $"lvs.director.realtime-priority = {value}\nlvs.virtual-services.web {{ address = \"127.0.0.1:80\", real-servers = [ {{ address = \"127.0.0.1:81\" }} ] }}\n");

        var result = Lvsactors.Invoke("validate", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"bad.conf:1: lvs.director.realtime-priority: {value} is not a real-time priority: accepted 0 (off) or a whole number from 1 to 99", result.Stderr + result.Stdout);
    }

    // Field FIELD (1-based, as proc(5) counts: 40 the real-time priority, 41 the policy) of /proc/PID/task/TID/stat,
    // counted after the command's closing parenthesis.
    private static int Field(string stat, int field) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[field - 3], System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Runs the real-time director alone: at SCHED_RR its start-up takes both cores ahead of every normal process, and the
/// cluster specs that ran beside it in CI (ClusterStatusTests, ClusterIntruderTests) once found no VIP owner in time.
/// </summary>
[CollectionDefinition(RealtimePriorityTests.Name, DisableParallelization = true)]
public sealed class RealtimePriorityCollection;
