using System.Diagnostics;

namespace LvsActors.Cli.Tests;

/// <summary><c>lvsactors --version</c> names the release and the commit it was built from.</summary>
public sealed class VersionTests
{
    [Fact]
    public void Version_names_the_release_and_the_commit_of_this_checkout()
    {
        var result = Lvsactors.Invoke("--version");

        Assert.Equal(0, result.ExitCode);
        var head = Git("rev-parse", "HEAD");
        Assert.Matches(@"^lvsactors \d+\.\d+\.\d+ \(commit [0-9a-f]{40}\)$", result.Stdout.Trim());
        Assert.Contains($"(commit {head})", result.Stdout);
    }

    private static string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, WorkingDirectory = RepositoryRoot.Path };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var git = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)} exited {git.ExitCode}: the test needs a git checkout");
        return output;
    }
}
