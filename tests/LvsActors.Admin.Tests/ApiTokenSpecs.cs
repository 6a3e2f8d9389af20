using LvsActors.Director.Admin;
using LvsActors.Director.Admin.Api;

namespace LvsActors.Admin.Tests;

/// <summary>
/// The bearer tokens: an empty or blank token is a configuration error naming file:line, a presented token is compared
/// byte for byte, and a writer is named without anything derived from its token.
/// </summary>
public sealed class ApiTokenSpecs : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    private ApiTokens Load(string tokenFileText, string token = "")
    {
        var file = _scratch.File("tokens");
        File.WriteAllText(file, tokenFileText);
        // Set here rather than in HOCON, which would trim a blank token to nothing.
        return ApiTokens.Load(AdminSettings.Default.Api with { Token = token, TokenFile = file });
    }

    [Theory]
    [InlineData("ops:\n", 1)]
    [InlineData("# writers\nci:abc123\nops:   \n", 3)]
    [InlineData("ci:abc123\nops:\u00A0\n", 2)]
    [InlineData("ci:abc123\nops:\u000B\n", 2)]
    [InlineData("my token:abc\n", 1)]
    public void A_token_file_entry_with_an_empty_or_blank_token_refuses_to_load_naming_file_and_line(string text, int line)
    {
        var error = Assert.Throws<AdminApiConfigException>(() => Load(text));
        Assert.StartsWith($"{_scratch.File("tokens")}:{line}: lvs.admin.api.token-file: ", error.Message);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\u00A0")]
    public void A_blank_lvs_admin_api_token_refuses_to_load(string token)
    {
        var error = Assert.Throws<AdminApiConfigException>(() => Load("", token));
        Assert.StartsWith("lvs.admin.api.token: ", error.Message);
    }

    [Theory]
    [InlineData("Bearer \u000B")]
    [InlineData("Bearer \u00A0")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("Bearer abc123 ")]
    [InlineData("Bearer  abc123")]
    [InlineData("Bearer abc123\u00A0")]
    [InlineData("Basic abc123")]
    [InlineData("")]
    public void A_presented_token_matches_only_byte_for_byte(string authorization)
    {
        var tokens = Load("ci:abc123\n");
        Assert.Null(tokens.Identify(authorization));
        Assert.Equal("ci", tokens.Identify("Bearer abc123"));
    }

    [Fact]
    public void A_line_is_NAME_colon_TOKEN_when_NAME_is_a_name_and_else_the_whole_line_is_the_token()
    {
        var tokens = Load("# writers\nci-bot.v2:abc:def\nhttps//x:y\n\n  indented-token  \n", "settings-token");
        Assert.Equal("ci-bot.v2", tokens.Identify("Bearer abc:def"));
        Assert.Equal("token-file line 3", tokens.Identify("Bearer https//x:y"));
        Assert.Equal("token-file line 5", tokens.Identify("Bearer indented-token"));
        Assert.Equal("token", tokens.Identify("Bearer settings-token"));
        Assert.Null(tokens.Identify("Bearer def"));
    }

    [Fact]
    public void No_writer_is_named_by_anything_derived_from_its_token()
    {
        var tokens = Load("abc123\n", "settings-token");
        Assert.DoesNotContain("sha256", tokens.Identify("Bearer abc123"));
        Assert.DoesNotContain("sha256", tokens.Identify("Bearer settings-token"));
    }
}
