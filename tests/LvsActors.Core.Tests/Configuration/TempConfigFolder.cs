using System.Diagnostics;

namespace LvsActors.Tests.Configuration;

/// <summary>A temporary folder of configuration files, deleted after the test.</summary>
internal sealed class TempConfigFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lvs-config-").FullName;

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(file, text);
        return file;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Runs a program the test needs (mkfifo); a failure fails the test with its reason.</summary>
    public static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{program} did not start");
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
