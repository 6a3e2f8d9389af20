using LvsActors.Director.Admin.Api;

namespace LvsActors.Admin.Tests;

/// <summary>One rule for a token-file line, shared by the director and the admin commands (--token-file).</summary>
public sealed class TokenLineTests
{
    [Theory]
    [InlineData("ops:s3cret", "ops", "s3cret")]
    [InlineData("deploy.bot-1:a:b:c", "deploy.bot-1", "a:b:c")]
    [InlineData("https//x:y", null, "https//x:y")]
    [InlineData(":leading", null, ":leading")]
    [InlineData("plain", null, "plain")]
    public void A_line_is_NAME_colon_TOKEN_only_when_the_part_before_the_colon_is_a_name(string line, string? name, string token) =>
        Assert.Equal((name, token), ApiTokens.SplitLine(line));
}
