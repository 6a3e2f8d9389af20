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
        string[] args = ["publish", Path.Combine(RepositoryRoot.Path, project), "-c", "Release", "-r", "linux-x64", "--artifacts-path", artifacts, "-o", output, "--nologo", .. options];
        var run = await Lvsactors.RunAsync(Lvsactors.Redirected("dotnet", args), $"dotnet publish of {project}", timeLimit).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {project} failed (exit {run.ExitCode}):\n{run.Stdout}\n{run.Stderr}");
        }
    }
}
