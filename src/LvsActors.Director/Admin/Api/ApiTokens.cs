using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// The bearer tokens that may write: lvs.admin.api.token and the lines of token-file. A token-file line is
/// <c>NAME:TOKEN</c> when the text before its first colon is a name (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>;
/// at most 64), and otherwise the whole line is the token; blank lines and lines starting with <c>#</c> are skipped.
/// A writer is known by its NAME, else by "token" or "token-file line N" — never by anything derived from the token,
/// because who wrote is shown to readers that need no token (GET /api/v1/events).
/// </summary>
public sealed partial class ApiTokens
{
    /// <summary>The longest NAME in a token file.</summary>
    public const int MaxNameLength = 64;

    private readonly IReadOnlyList<(byte[] Hash, string Id)> _tokens;

    private ApiTokens(IReadOnlyList<(byte[], string)> tokens) => _tokens = tokens;

    /// <summary>True when at least one token is configured; without one, every write is refused.</summary>
    public bool Any => _tokens.Count > 0;

    /// <summary>
    /// Loads the tokens. A token file that cannot be read, or an entry whose token is empty or holds a blank or a
    /// control character, is a configuration error naming file:line — an empty token would let anyone write.
    /// </summary>
    public static ApiTokens Load(AdminApiSettings settings)
    {
        var tokens = new List<(byte[], string)>();
        if (settings.Token.Length > 0)
        {
            if (Unusable(settings.Token) is { } why)
            {
                throw new AdminApiConfigException($"lvs.admin.api.token: {why}");
            }
            tokens.Add(Entry(settings.Token, "token"));
        }
        if (settings.TokenFile.Length > 0)
        {
            tokens.AddRange(ReadFile(settings.TokenFile));
        }
        return new ApiTokens(tokens);
    }

    /// <summary>The writer named by an <c>Authorization: Bearer …</c> header, or null when it is not one of ours.</summary>
    public string? Identify(string? authorization)
    {
        // The token is what follows the one space after the scheme, byte for byte: trimming it would let a value
        // that trims to nothing (a vertical tab, a no-break space) match an entry that is empty after trimming.
        const string prefix = "Bearer ";
        if (authorization is null || authorization.Length <= prefix.Length || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[prefix.Length..]));
        // Compare hashes in constant time, so response timing says nothing about how much of a token matched.
        return _tokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(t.Hash, hash)).Id;
    }

    private static IEnumerable<(byte[], string)> ReadFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminApiConfigException($"lvs.admin.api.token-file: cannot read {path}: {e.Message}", e);
        }
        var entries = new List<(byte[], string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim(' ', '\t');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var (name, token) = SplitLine(line);
            if (Unusable(token) is { } why)
            {
                throw new AdminApiConfigException($"{path}:{i + 1}: lvs.admin.api.token-file: {why}; a line is NAME:TOKEN or TOKEN");
            }
            entries.Add(Entry(token, name ?? $"token-file line {i + 1}"));
        }
        return entries;
    }

    /// <summary>
    /// One line of a token file (blanks around it already trimmed): <c>NAME:TOKEN</c> when the text before the first
    /// colon is a name ([A-Za-z0-9._-], at most 64), otherwise the whole line is the token. The director and the
    /// admin commands read the file through this one rule, so both agree on which token a line holds.
    /// </summary>
    public static (string? Name, string Token) SplitLine(string line)
    {
        var colon = line.IndexOf(':');
        var named = colon > 0 && colon <= MaxNameLength && Name().IsMatch(line.AsSpan(0, colon));
        return named ? (line[..colon], line[(colon + 1)..]) : (null, line);
    }

    /// <summary>Why a configured token cannot be used, or null.</summary>
    private static string? Unusable(string token)
    {
        if (token.Length == 0)
        {
            return "the token is empty, which would let anyone write";
        }
        foreach (var c in token)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return $"the token contains U+{(int)c:X4} (a blank or a control character), which an Authorization header does not carry intact";
            }
        }
        return null;
    }

    private static (byte[], string) Entry(string token, string id) => (SHA256.HashData(Encoding.UTF8.GetBytes(token)), id);

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex Name();
}
