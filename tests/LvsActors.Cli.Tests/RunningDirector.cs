using System.Collections.Concurrent;
using System.Diagnostics;

namespace LvsActors.Cli.Tests;

/// <summary>A real long-running <c>lvsactors</c> process whose lines the test can wait for, type to, and signal.</summary>
internal sealed class RunningDirector : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    public RunningDirector(params string[] args)
        : this(new Dictionary<string, string>(), args)
    {
    }

    /// <summary>Starts with extra environment variables (NOTIFY_SOCKET, to listen as systemd does).</summary>
    public RunningDirector(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = Lvsactors.RepositoryRoot,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lvsactors.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public IReadOnlyList<string> Lines => _lines.ToList();

    /// <summary>True while the process runs.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>Waits for a log line containing <paramref name="text"/>; fails with everything logged so far.</summary>
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
        throw new Xunit.Sdk.XunitException($"no log line with \"{text}\"; the director logged:\n{string.Join("\n", Lines)}");
    }

    /// <summary>Types a line on the process's standard input.</summary>
    public void Type(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends a POSIX signal, as systemctl reload / stop would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(20)), "the director did not stop");
        _process.WaitForExit();
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
