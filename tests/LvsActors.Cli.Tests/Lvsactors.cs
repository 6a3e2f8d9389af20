using System.Diagnostics;

namespace LvsActors.Cli.Tests;

/// <summary>Runs the real <c>lvsactors</c> executable, as an operator would, and captures what it prints.</summary>
internal static class Lvsactors
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    public static string RepositoryRoot { get; } = FindRoot();

    public static Run Invoke(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "lvsactors.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lvsactors {string.Join(' ', args)} did not exit within 60 s");
        }
        return new Run(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LvsActors.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"LvsActors.sln not found above {AppContext.BaseDirectory}");
    }
}
