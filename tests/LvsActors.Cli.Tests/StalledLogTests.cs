using System.Diagnostics;
using System.Text.Json;

namespace LvsActors.Cli.Tests;

/// <summary>
/// <c>lvsactors run</c> whose log destination stalls — a pipe nobody reads, as journald's when it is busy, or a file on
/// a hung file system (the kernel lab's director logs once stalled for minutes) — goes on working: every thread that
/// logged through Serilog directly (the admin API's writes, the VIP sink and fence, the userspace proxy, notify
/// scripts) used to wait for the write; actors log through Akka's logger actor, whose mailbox grew without bound.
/// </summary>
public sealed class StalledLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-stalled-log-").FullName;
    private readonly ushort _apiPort = LoopbackPort.Free();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Token = "0123456789abcdef0123456789abcdef";

    private string WriteConfig(int weight)
    {
        var path = Path.Combine(_folder, "director.conf");
        var tokens = Path.Combine(_folder, "tokens");
        File.WriteAllText(tokens, $"ops:{Token}\n");
        File.WriteAllText(path, $$"""
            lvs {
              data-plane = dry-run
              admin {
                journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }
                api { bind = "127.0.0.1:{{_apiPort}}", token-file = "{{tokens}}" }
              }
              virtual-services.web {
                address = "127.0.0.1:18098"
                scheduler = wrr
                real-servers = [ { address = "127.0.0.1:9101", weight = {{weight}} } ]
              }
            }
            """);
        return path;
    }

    [Fact]
    public async Task A_director_whose_log_pipe_is_full_still_answers_writes_and_reloads_and_its_lines_come_once_the_pipe_drains()
    {
        var config = WriteConfig(1);
        var start = new ProcessStartInfo("dotnet", [Lvsactors.Assembly, "run", "--config", config, "--log-level", "debug"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var director = Process.Start(start)!;
        using var filler = new PipeFiller(director.Id);
        try
        {
            var stdout = director.StandardOutput.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_apiPort}/"), Timeout = TimeSpan.FromSeconds(20) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
            Assert.True(await Poll.UntilAsync(() => TableWeight(http) == 1, 60), "the director did not start with weight 1");
            Assert.True(await Poll.UntilAsync(() => AdminReady(http), 60), "the admin state did not recover from its journal");

            // Nobody reads stderr from here on, and the filler tops the pipe up until a write of its own blocks.
            Assert.True(await Poll.UntilAsync(() => filler.Blocked, 30), "could not fill the director's stderr pipe");
            // An operator's write is logged as it is accepted, before the answer goes out.
            for (var weight = 5; weight <= 7; weight++)
            {
                using var answer = await http.PutAsync("api/v1/services/web/real-servers/127.0.0.1:9101/weight",
                    new StringContent($$"""{"weight": {{weight}}}""", System.Text.Encoding.UTF8, "application/json"));
                Assert.True(answer.IsSuccessStatusCode, $"weight {weight}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                Assert.True(await Poll.UntilAsync(() => TableWeight(http) == weight, 30), $"the operator's weight {weight} was not applied while the log pipe was full");
            }
            using (var restore = await http.PostAsync("api/v1/services/web/real-servers/127.0.0.1:9101/restore", null))
            {
                Assert.True(restore.IsSuccessStatusCode, $"restore: {(int)restore.StatusCode}");
            }
            for (var weight = 2; weight <= 4; weight++)
            {
                WriteConfig(weight);
                Signal(director.Id, "HUP");
                Assert.True(await Poll.UntilAsync(() => TableWeight(http) == weight, 30),
                    $"a reload to weight {weight} was not applied while the log pipe was full (table weight {TableWeight(http)})");
            }

            filler.Dispose(); // its blocked write completes once we read, and it writes no more
            var stderr = director.StandardError.ReadToEndAsync();
            Signal(director.Id, "TERM");
            Assert.True(director.WaitForExit(TimeSpan.FromSeconds(30)), "the director did not stop");
            Assert.Equal(0, director.ExitCode);
            await stdout;
            var lines = (await stderr).Split('\n').Where(l => !l.StartsWith(PipeFiller.Mark, StringComparison.Ordinal)).ToList();
            // Queued, not lost: the lines logged while the pipe was full arrive once it drains.
            Assert.Contains(lines, l => l.Contains("real server 127.0.0.1:9101 is up, weight 4 (configuration reloaded)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Admin API PUT /api/v1/services/web/real-servers/127.0.0.1:9101/weight by ops@127.0.0.1: OverrideWeight accepted", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Director stopping", StringComparison.Ordinal));
        }
        finally
        {
            if (!director.HasExited)
            {
                director.Kill(entireProcessTree: true);
            }
        }
    }

    private static int? TableWeight(HttpClient http)
    {
        try
        {
            using var view = JsonDocument.Parse(http.GetStringAsync("api/v1/services/web").GetAwaiter().GetResult());
            return view.RootElement.GetProperty("realServers")[0].GetProperty("tableWeight").GetInt32();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }

    private static bool AdminReady(HttpClient http)
    {
        try
        {
            using var answer = http.GetAsync("api/v1/admin").GetAwaiter().GetResult();
            return answer.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static void Signal(int pid, string name)
    {
        using var kill = Process.Start("kill", ["-" + name, pid.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>
    /// Writes lines into another process's stderr pipe (through /proc) until the pipe is full and a write blocks: the
    /// state a pipe is in when its reader stopped. Its thread ends when the pipe drains and it is disposed.
    /// </summary>
    private sealed class PipeFiller : IDisposable
    {
        public const string Mark = "filler ";

        private readonly Thread _thread;
        private volatile bool _stop;
        private long _writes;
        private long _lastSeen = -1;
        private long _sameSince = Stopwatch.GetTimestamp();

        public PipeFiller(int pid)
        {
            _thread = new Thread(() =>
            {
                var line = System.Text.Encoding.ASCII.GetBytes(Mark + new string('x', 1000) + "\n");
                try
                {
                    using var pipe = new FileStream($"/proc/{pid}/fd/2", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
                    while (!_stop)
                    {
                        pipe.Write(line);
                        Interlocked.Increment(ref _writes);
                    }
                }
                catch (IOException)
                {
                    // The director ended (a broken pipe): nothing left to fill.
                }
            })
            {
                IsBackground = true,
            };
        }

        /// <summary>True once no write has completed for a second (the first call starts the filler).</summary>
        public bool Blocked
        {
            get
            {
                if (!_thread.IsAlive && _lastSeen < 0)
                {
                    _thread.Start();
                }
                var writes = Interlocked.Read(ref _writes);
                if (writes != _lastSeen)
                {
                    (_lastSeen, _sameSince) = (writes, Stopwatch.GetTimestamp());
                    return false;
                }
                return writes > 0 && Stopwatch.GetElapsedTime(_sameSince) > TimeSpan.FromSeconds(1);
            }
        }

        public void Dispose() => _stop = true;
    }
}
