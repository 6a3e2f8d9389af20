using System.Collections.Concurrent;
using System.Diagnostics;

namespace LvsActors.Cli.Tests.ClusterTls;

/// <summary>
/// The intruder of issue 19 as its own OS process (tests/LvsActors.Intruder, <c>dotnet LvsActors.Intruder.dll</c>):
/// the right system name and seeds, priority 255 and preemption, and no certificate or one the cluster must refuse.
/// It prints its own view once a second ("intruder member=no holds=no claimed=no"); disposing kills it.
/// </summary>
internal sealed class Intruder : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private Intruder(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>LvsActors.Intruder.dll in the test's output folder (the project references it).</summary>
    private static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "LvsActors.Intruder.dll");

    /// <summary>True while the process runs.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>Everything it printed so far.</summary>
    public IReadOnlyList<string> Lines => _lines.ToList();

    /// <summary>Its view lines so far, parsed: member, holds the VIPs, ever claimed them.</summary>
    public IReadOnlyList<(bool Member, bool Holds, bool Claimed)> Views => Lines.Where(l => l.StartsWith("intruder member=", StringComparison.Ordinal))
        .Select(l => l.Split(' ').Skip(1).Select(p => p.Split('=')[1] == "yes").ToArray()).Select(v => (v[0], v[1], v[2])).ToList();

    /// <summary>
    /// Waits until its actor system runs and it has begun to join ("intruder started"): on a busy two-core host a new
    /// .NET process takes seconds to get there, and the attempt counts from then.
    /// </summary>
    public void WaitStarted()
    {
        var watch = Stopwatch.StartNew();
        while (!Lines.Any(l => l.StartsWith("intruder started ", StringComparison.Ordinal)))
        {
            if (!IsAlive || watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"the intruder {(IsAlive ? "did not start within 60 s" : $"exited ({_process.ExitCode})")}; it printed:\n{string.Join("\n", Lines)}");
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>Starts it against <paramref name="seeds"/>; <paramref name="pem"/> (certificate, key files) null means no TLS.</summary>
    public static Intruder Start(IEnumerable<string> seeds, (string Certificate, string Key)? pem)
    {
        Assert.True(File.Exists(Assembly), $"{Assembly} is missing: LvsActors.Cli.Tests must reference tests/LvsActors.Intruder");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly);
        foreach (var seed in seeds)
        {
            start.ArgumentList.Add(seed);
        }
        if (pem is { } files)
        {
            start.ArgumentList.Add("--certificate");
            start.ArgumentList.Add(files.Certificate);
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(files.Key);
        }
        return new Intruder(Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}
