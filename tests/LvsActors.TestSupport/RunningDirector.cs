using System.Collections.Concurrent;
using System.Diagnostics;

namespace LvsActors.TestSupport;

/// <summary>
/// A long-running <c>lvsactors</c> process (run, demo) whose log lines a test can wait for, which it can type to and
/// signal; disposing kills the process tree if it still runs.
/// </summary>
public sealed class RunningDirector : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Starts <c>lvsactors ARGS</c>.</summary>
    public RunningDirector(params string[] args) : this(args, environment: null)
    {
    }

    /// <summary>Starts <c>lvsactors ARGS</c> with extra environment variables (NOTIFY_SOCKET, …).</summary>
    public RunningDirector(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment) : this(Lvsactors.StartInfo(args, environment))
    {
    }

    /// <summary>Starts <c>nohup lvsactors ARGS</c>: SIGHUP inherited as ignored, as nohup and some job runners leave it.</summary>
    public static RunningDirector UnderNohup(params string[] args)
    {
        var start = Lvsactors.StartInfo(args, environment: null);
        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = "nohup";
        return new RunningDirector(start);
    }

    /// <summary>Starts <c>ip netns exec NAMESPACE lvsactors ARGS</c>: a director in a network namespace the test made.</summary>
    public static RunningDirector InNamespace(string networkNamespace, params string[] args)
    {
        var start = Lvsactors.StartInfo(args, environment: null);
        start.ArgumentList.Insert(0, start.FileName);
        foreach (var word in new[] { networkNamespace, "exec", "netns" })
        {
            start.ArgumentList.Insert(0, word);
        }
        start.FileName = "ip";
        return new RunningDirector(start);
    }

    private RunningDirector(ProcessStartInfo start)
    {
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>True while the process runs.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>The process id, for signals a test sends itself.</summary>
    public int Id => _process.Id;

    /// <summary>Every line printed so far, standard error and output interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines => _lines.ToList();

    /// <summary>Waits for a line containing <paramref name="text"/>; fails with everything logged so far.</summary>
    public string WaitFor(string text, int after = 0, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (within ?? TimeSpan.FromSeconds(20)))
        {
            if (Lines.Skip(after).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            if (_process.HasExited)
            {
                break;
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"no log line with \"{text}\"; the director logged:\n{string.Join("\n", Lines)}");
    }

    /// <summary>Types a line on the process's standard input.</summary>
    public void Type(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends a POSIX signal by name (HUP, TERM, INT), as systemctl reload / stop would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString()]) ?? throw new InvalidOperationException("could not start kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {_process.Id} exited {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the process to exit (20 s unless told) and returns its exit code.</summary>
    public int WaitForExit(TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(20);
        if (!_process.WaitForExit(limit))
        {
            throw new TimeoutException($"the director did not stop within {limit}; it logged:\n{string.Join("\n", Lines)}");
        }
        _process.WaitForExit(); // drains the asynchronous readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
