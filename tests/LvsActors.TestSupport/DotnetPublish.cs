using System.Diagnostics;

namespace LvsActors.TestSupport;

/// <summary>
/// <c>dotnet publish</c> of one of the repository's projects, as it ships, for tests that run the published program.
/// The build goes to its own artifacts folder so that it never touches the obj folders the test run was built from.
/// </summary>
public static class DotnetPublish
{
    /// <summary>Publishes <paramref name="project"/> (relative to the repository root) Release for linux-x64 into <paramref name="output"/>; throws with dotnet's output when it fails or takes over <paramref name="timeLimit"/>.</summary>
    public static async Task RunAsync(string project, string output, string artifacts, IEnumerable<string> options, TimeSpan timeLimit)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "publish", Path.Combine(RepositoryRoot.Path, project), "-c", "Release", "-r", "linux-x64", "--artifacts-path", artifacts, "-o", output, "--nologo" }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish of {project} took over {timeLimit}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish of {project} failed (exit {process.ExitCode}):\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }
    }
}
