using System.Diagnostics;

namespace LvsActors.Linux.Tests.Bird;

/// <summary>
/// A real BIRD 2 (Debian's bird2) for a test, in the foreground, with a configuration, control socket and pid file in a
/// folder of its own; its only BGP neighbour is on 127.0.0.0/8 and it exports nothing to the kernel. Killed on dispose.
/// </summary>
internal sealed class BirdDaemon : IDisposable
{
    private const string Bird = "/usr/sbin/bird";
    private readonly Process _process;

    public BirdDaemon(string include)
    {
        Assert.True(File.Exists(Bird), $"{Bird} is missing: install Debian's bird2 (deploy/test-tools.sh does)");
        Folder = Directory.CreateTempSubdirectory("lvsactors-bird-").FullName;
        IncludeFile = Path.Combine(Folder, "lvsactors.conf");
        File.WriteAllText(IncludeFile, include);
        var main = Path.Combine(Folder, "bird.conf");
        File.WriteAllText(main, $"log stderr all;\nrouter id 192.0.2.11;\ninclude \"{IncludeFile}\";\n");
        Socket = Path.Combine(Folder, "bird.ctl");
        var start = new ProcessStartInfo(Bird) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-f", "-c", main, "-s", Socket, "-P", Path.Combine(Folder, "bird.pid") })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!File.Exists(Socket))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"bird exited at start ({_process.ExitCode})");
            }
            Assert.True(DateTime.UtcNow < deadline, "bird made no control socket within 20 s");
            Thread.Sleep(20);
        }
    }

    public string Folder { get; }

    public string Socket { get; }

    public string IncludeFile { get; }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
