namespace LvsActors.Lab.Tests;

/// <summary>
/// The director as it is deployed, for scenarios that run whole directors in the guest: <c>lvsactors</c> published
/// ReadyToRun (precompiled, so that a starting director does not stall the guest's one CPU with JIT work) into
/// tests/LvsActors.Lab.Tests/bin/lab-director, once per test process. The build goes to its own artifacts folder so that
/// it never touches the obj folders the test run itself was built from (<see cref="DotnetPublish"/>).
/// </summary>
public static class PublishedDirector
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The published lvsactors.dll (inside the repository, so that the guest sees it through hostfs).</summary>
    public static Task<string> AssemblyAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var bin = Path.Combine(RepositoryRoot.Path, "tests", "LvsActors.Lab.Tests", "bin");
        var output = Path.Combine(bin, "lab-director");
        try
        {
            await DotnetPublish.RunAsync(Path.Combine("src", "LvsActors.Cli", "LvsActors.Cli.csproj"), output, Path.Combine(bin, "lab-director-build"),
                ["--self-contained", "false", "-p:PublishReadyToRun=true"], TimeSpan.FromMinutes(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new LabUnavailableException(e.Message);
        }
        var assembly = Path.Combine(output, "lvsactors.dll");
        return File.Exists(assembly) ? assembly : throw new LabUnavailableException($"dotnet publish of the director left no {assembly}");
    }
}
