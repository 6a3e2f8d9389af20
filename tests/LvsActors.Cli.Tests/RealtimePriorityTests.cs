using System.Diagnostics;

namespace LvsActors.Cli.Tests;

/// <summary>
/// lvs.director.realtime-priority as the kernel sees it: every thread of a running director under SCHED_RR, threads
/// the runtime starts later too (within the 2 s the director brings them in), and the programs it starts (a MISC
/// check here) under the normal scheduler (SCHED_RESET_ON_FORK). Needs root or CAP_SYS_NICE (CI runs as root).
/// </summary>
public sealed class RealtimePriorityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-rt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_director_thread_runs_sched_rr_and_its_check_programs_do_not()
    {
        var seen = Path.Combine(_folder, "check-policy");
        var config = Path.Combine(_folder, "director.conf");
        // The check writes field 41 of its own /proc stat (the policy: 0 normal, 2 SCHED_RR) and passes.
        File.WriteAllText(config, $$"""
            lvs {
              data-plane = dry-run
              director.realtime-priority = 1
              admin { journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }, api.bind = "127.0.0.1:{{LoopbackPort.Free()}}" }
              virtual-services.web {
                address = "127.0.0.1:{{LoopbackPort.Free()}}"
                delay-loop = 1s
                real-servers = [ { address = "127.0.0.1:{{LoopbackPort.Free()}}", checks = [
                  { type = misc, command = ["/bin/sh", "-c", "cut -d' ' -f41 /proc/self/stat > {{seen}}"] } ] } ]
              }
            }
            """);
        using var director = new RunningDirector("run", "--config", config);
        director.WaitFor("Director threads at real-time priority 1", within: TimeSpan.FromSeconds(60));
        director.WaitFor("Director started", within: TimeSpan.FromSeconds(60));

        // Past the first 2 s round: the threads started with the actor system are in as well.
        var deadline = Stopwatch.StartNew();
        List<(string Thread, int Policy)> threads;
        do
        {
            Thread.Sleep(500);
            threads = Directory.GetDirectories($"/proc/{director.Id}/task")
                .Select(t => (Path.GetFileName(t), Policy(File.ReadAllText(Path.Combine(t, "stat"))))).ToList();
        }
        while (threads.Any(t => t.Policy != 2) && deadline.Elapsed < TimeSpan.FromSeconds(15));
        Assert.True(threads.All(t => t.Policy == 2), "threads not under SCHED_RR: " + string.Join(", ", threads.Where(t => t.Policy != 2)));

        while (!File.Exists(seen) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(200);
        }
        Assert.True(File.Exists(seen), "the MISC check never ran");
        Assert.Equal("0", File.ReadAllText(seen).Trim());
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

    // Field 41 of /proc/PID/task/TID/stat, counted after the command's closing parenthesis.
    private static int Policy(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[38], System.Globalization.CultureInfo.InvariantCulture);
}
