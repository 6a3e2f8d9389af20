namespace LvsActors.Tests.Configuration;

/// <summary>lvs.director.nice: a whole number from -20 to 19, or validate says what and where.</summary>
public sealed class NiceRuleTests
{
    private const string Service = """
        lvs.director.nice = NICE
        lvs.virtual-services.web {
          address = "192.0.2.1:80"
          real-servers = [ { address = "198.51.100.1:80" } ]
        }
        """;

    [Theory]
    [InlineData("-20")]
    [InlineData("-10")]
    [InlineData("0")]
    [InlineData("19")]
    [InlineData("\"-10\"")]
    public void A_nice_value_in_range_is_accepted(string nice) =>
        Assert.Empty(ConfigFile.Errors(Service.Replace("NICE", nice, StringComparison.Ordinal)));

    [Theory]
    [InlineData("-21", "-21")]
    [InlineData("20", "20")]
    [InlineData("high", "high")]
    [InlineData("-10.5", "-10.5")]
    [InlineData("[-10]", "a list")]
    [InlineData("{ value = -10 }", "an object")]
    public void Anything_else_is_refused_at_its_line(string nice, string shown)
    {
        var errors = ConfigFile.Errors(Service.Replace("NICE", nice, StringComparison.Ordinal));

        Assert.Equal([$"test.conf:1: lvs.director.nice: {shown} is not a nice value: accepted a whole number from -20 (first to run) to 19 (last), e.g. nice = -10"], errors);
    }
}
