using System.Text.RegularExpressions;
using LvsActors.Configuration;
using LvsActors.Director;
using LvsActors.Director.Leadership;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// The VipHolder's lease takes lvs.fencing.expected-voters from the loaded model, the downing provider from the actor
/// system's config: both must count the same n, or one side of a split could down the other while the lease disagrees.
/// </summary>
public sealed class ExpectedVotersTests
{
    [Theory]
    [InlineData("cluster-3node", "", 3)]
    [InlineData("cluster-fast", "", 3)]
    [InlineData("cluster-3node", "expected-voters = 5", 5)]
    [InlineData("cluster-fast", "expected-voters = 1", 1)]
    public void The_downing_provider_reads_the_same_expected_voters_as_the_loader(string example, string setting, int expected)
    {
        var path = RepositoryRoot.Of("hocon", example + ".conf");
        // Without the example's own expected-voters line, so that "" reads the default from the seed-nodes.
        var own = Regex.Replace(File.ReadAllText(path), @"^\s*expected-voters = .*$", "", RegexOptions.Multiline);
        var text = own.Replace("fencing {", "fencing {\n    " + setting, StringComparison.Ordinal);
        var result = LvsConfigLoader.Load(text, path);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        Assert.Equal(expected, result.Value!.Cluster.ExpectedVoters);
        Assert.Equal(expected, KeepMajorityDowningProvider.ExpectedVoters(DirectorHost.ToAkkaConfig(result.Document)));
    }
}
