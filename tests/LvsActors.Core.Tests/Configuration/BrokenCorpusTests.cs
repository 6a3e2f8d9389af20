namespace LvsActors.Tests.Configuration;

/// <summary>
/// Every file in Corpus/broken is a configuration with a user's mistake; the lines <c># expect: LINE: message</c> at
/// its end are exactly the errors validation must report for it, no more and no fewer.
/// </summary>
public sealed class BrokenCorpusTests
{
    private static readonly string Folder = RepositoryRoot.Of("tests", "LvsActors.Core.Tests", "Corpus", "broken");

    public static TheoryData<string> Files() => new(Directory.GetFiles(Folder, "*.conf").Select(Path.GetFileName).Order()!);

    [Fact]
    public void The_corpus_has_at_least_forty_broken_configurations() =>
        Assert.True(Directory.GetFiles(Folder, "*.conf").Length >= 40);

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_broken_configuration_is_rejected_with_its_expected_messages(string file)
    {
        var path = Path.Combine(Folder, file);
        var expected = File.ReadAllLines(path)
            .Where(l => l.StartsWith("# expect: ", StringComparison.Ordinal))
            .Select(l => file + ":" + l["# expect: ".Length..])
            .ToList();
        Assert.NotEmpty(expected);

        var result = ConfigFile.Load(path, file);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(expected, result.Errors.Select(e => e.ToString()).ToList());
    }
}
