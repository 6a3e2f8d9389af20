namespace LvsActors.Cli.Tests;

/// <summary>
/// Issue 16, item 1 at the command line: a token file with an entry that would let anyone write stops <c>run</c>
/// with exit 2 and one line naming the file and line — like any invalid configuration, never a stack trace.
/// </summary>
public sealed class TokenFileRefusalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-tokens-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("ops:", "the token is empty")]
    [InlineData("# writers\nci:abc\nops:\u000b", "U+000B")]
    public void Run_refuses_a_token_file_with_an_unusable_entry(string tokens, string why)
    {
        var tokenFile = Path.Combine(_folder, "tokens");
        File.WriteAllText(tokenFile, tokens + "\n");
        var port = LoopbackPort.Free();
        var config = Path.Combine(_folder, "lvs.conf");
        File.WriteAllText(config, $$"""
            lvs {
              data-plane = dry-run
              admin.journal.path = "{{Path.Combine(_folder, "admin.db")}}"
              admin.api { bind = "127.0.0.1:{{port}}", token-file = "{{tokenFile}}" }
              virtual-services.web { address = "127.0.0.1:18099", real-servers = [ { address = "127.0.0.1:9102" } ] }
            }
            """);

        var result = Lvsactors.Invoke("run", "--config", config, "--for", "20s");

        var line = tokens.Split('\n').Length;
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}, expected 2:\n{result.Stderr}");
        Assert.Contains($"{tokenFile}:{line}: lvs.admin.api.token-file: ", result.Stderr);
        Assert.Contains(why, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
