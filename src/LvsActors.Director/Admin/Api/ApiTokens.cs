using System.Security.Cryptography;
using System.Text;

namespace LvsActors.Director.Admin.Api;

/// <summary>
/// The bearer tokens that may write: lvs.admin.api.token and the lines of token-file (NAME:TOKEN, or TOKEN alone).
/// A token is logged by its name, or by the first 8 hex digits of its SHA-256 — never itself.
/// </summary>
public sealed class ApiTokens
{
    private readonly IReadOnlyList<(byte[] Hash, string Id)> _tokens;

    private ApiTokens(IReadOnlyList<(byte[], string)> tokens) => _tokens = tokens;

    /// <summary>True when at least one token is configured; without one, every write is refused.</summary>
    public bool Any => _tokens.Count > 0;

    /// <summary>Loads the tokens; a token file that cannot be read is an error that names the file.</summary>
    public static ApiTokens Load(AdminApiSettings settings)
    {
        var tokens = new List<(byte[], string)>();
        if (settings.Token.Length > 0)
        {
            tokens.Add(Entry(settings.Token, null));
        }
        if (settings.TokenFile.Length > 0)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(settings.TokenFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"lvs.admin.api.token-file: cannot read {settings.TokenFile}: {e.Message}", e);
            }
            foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var colon = line.IndexOf(':');
                tokens.Add(colon > 0 ? Entry(line[(colon + 1)..], line[..colon]) : Entry(line, null));
            }
        }
        return new ApiTokens(tokens);
    }

    /// <summary>The id of the token in an <c>Authorization: Bearer …</c> header, or null when it is not one of ours.</summary>
    public string? Identify(string? authorization)
    {
        const string prefix = "Bearer ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[prefix.Length..].Trim()));
        // Compare hashes in constant time, so response timing says nothing about how much of a token matched.
        return _tokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(t.Hash, hash)).Id;
    }

    private static (byte[], string) Entry(string token, string? name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));
        return (hash, name ?? "sha256:" + Convert.ToHexStringLower(hash)[..8]);
    }
}
