using System.Diagnostics;

namespace LvsActors.Lab.Tests;

/// <summary>
/// The director as it is deployed, for scenarios that run whole directors in the guest: <c>lvsactors</c> published
/// ReadyToRun (precompiled, so that a starting director does not stall the guest's one CPU with JIT work) into
/// tests/LvsActors.Lab.Tests/bin/lab-director, once per test process. The build goes to its own artifacts folder so that
/// it never touches the obj folders the test run itself was built from.
/// </summary>
public static class PublishedDirector
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The published lvsactors.dll (inside the repository, so that the guest sees it through hostfs).</summary>
    public static Task<string> AssemblyAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var repository = RepositoryRoot.Path;
        var bin = Path.Combine(repository, "tests", "LvsActors.Lab.Tests", "bin");
        var output = Path.Combine(bin, "lab-director");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "publish", Path.Combine(repository, "src", "LvsActors.Cli", "LvsActors.Cli.csproj"), "-c", "Release", "-r", "linux-x64",
            "--self-contained", "false", "-p:PublishReadyToRun=true", "--artifacts-path", Path.Combine(bin, "lab-director-build"),
            "-o", output, "--nologo",
        })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new LabUnavailableException("dotnet publish of the director took over 10 minutes");
        }
        var assembly = Path.Combine(output, "lvsactors.dll");
        if (process.ExitCode != 0 || !File.Exists(assembly))
        {
            throw new LabUnavailableException(
                $"dotnet publish of the director failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        return assembly;
    }
}
