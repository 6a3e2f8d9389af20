using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LvsActors.Admin.Tests;

/// <summary>A real <c>lvsactors run</c> process on a configuration file, with every line it logs.</summary>
internal sealed partial class DirectorRun : IDisposable
{
    private readonly Process _process;
    // Each line with when it arrived, counted from just before the process was started.
    private readonly ConcurrentQueue<(TimeSpan At, string Line)> _lines = new();
    private readonly Stopwatch _sinceStart = new();

    /// <summary>Starts <c>lvsactors run --config FILE --for DURATION</c>; <paramref name="stopAfter"/> bounds a run that should have failed at once.</summary>
    public DirectorRun(string configFile, string stopAfter)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "lvsactors.dll"), "run", "--config", configFile, "--for", stopAfter })
        {
            start.ArgumentList.Add(arg);
        }
        _sinceStart.Start();
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue((_sinceStart.Elapsed, e.Data)); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue((_sinceStart.Elapsed, e.Data)); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public IReadOnlyList<string> Lines => _lines.Select(l => l.Line).ToList();

    /// <summary>How long after the process was started the first line containing <paramref name="text"/> arrived, or null.</summary>
    public TimeSpan? ArrivalOf(string text) =>
        _lines.FirstOrDefault(l => l.Line.Contains(text, StringComparison.Ordinal)) is { Line: not null } found ? found.At : null;

    public string Log => string.Join("\n", Lines);

    /// <summary>Waits for the process to exit (at most <paramref name="seconds"/>) and returns its exit code.</summary>
    public int WaitForExit(double seconds = 60)
    {
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(seconds)), $"lvsactors run did not exit within {seconds}s; it logged:\n{Log}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; fails with everything logged so far.</summary>
    public string WaitFor(string text, double seconds = 60)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"lvsactors run exited ({_process.ExitCode}) before logging \"{text}\":\n{Log}");
            }
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"no line with \"{text}\" within {seconds}s; the director logged:\n{Log}");
    }

    /// <summary>The admin API's address, from its "listening on" line (the configuration binds port 0).</summary>
    public Uri ApiAddress() => new(ListeningOn().Match(WaitFor("Admin API listening on")).Groups[1].Value);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://\S+/)")]
    private static partial Regex ListeningOn();
}
