using System.CommandLine;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Cli;

/// <summary>
/// The options of the commands that talk to a running director's admin API (status, drain, …): where it is and the
/// token writes need. Without <c>--api</c> and <c>--token</c>/<c>--token-file</c>, they come from <c>--config</c>
/// (lvs.admin.api.bind, token, token-file), else the defaults (http://127.0.0.1:9180/, no token).
/// </summary>
internal sealed class AdminApiOptions
{
    public Option<string?> Api { get; } = new("--api") { Description = "The admin API's URL (default: from --config, else http://127.0.0.1:9180/)", HelpName = "url" };

    public Option<string?> Token { get; } = new("--token") { Description = "The bearer token for writes", HelpName = "token" };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "A file whose first token is used (NAME:TOKEN or TOKEN per line)", HelpName = "file" };

    public Option<string?> Config { get; } = new("--config") { Description = "The director's configuration file, for the API address and token", HelpName = "file" };

    public Option<string?> Ca { get; } = new("--ca") { Description = "A PEM CA file the API's HTTPS certificate must be signed by (its name must match the URL's host)", HelpName = "file" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON answer instead of a table, for scripts" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Api);
        command.Options.Add(Token);
        command.Options.Add(TokenFile);
        command.Options.Add(Config);
        command.Options.Add(Ca);
        command.Options.Add(Json);
    }

    /// <summary>Builds the client, or returns the reason it cannot (an unreadable config or token file).</summary>
    public (AdminClient? Client, string? Error) Client(ParseResult parse)
    {
        string? bind = null, token = null, tokenFile = null, scheme = "http";
        if (parse.GetValue(Config) is { } path)
        {
            var result = ConfigFiles.Load(path);
            if (!result.IsValid)
            {
                return (null, string.Join(Environment.NewLine, result.Errors));
            }
            var api = Lookup(result.Document, "lvs", "admin", "api");
            (bind, token, tokenFile) = (Scalar(api, "bind"), Scalar(api, "token"), Scalar(api, "token-file"));
            scheme = string.IsNullOrEmpty(Scalar(api?.Field("tls")?.Value as HoconObject, "certificate")) ? "http" : "https";
        }
        var url = parse.GetValue(Api) ?? (string.IsNullOrEmpty(bind) ? "http://127.0.0.1:9180/" : $"{scheme}://{Reachable(bind)}/");
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (null, $"--api {url}: not an http:// or https:// URL");
        }
        var fromFile = parse.GetValue(TokenFile) ?? (parse.GetValue(Token) is null && string.IsNullOrEmpty(token) ? tokenFile : null);
        if (!string.IsNullOrEmpty(fromFile))
        {
            try
            {
                var line = File.ReadLines(fromFile).Select(l => l.Trim(' ', '\t')).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
                token = line is null ? null : Director.Admin.Api.ApiTokens.SplitLine(line).Token;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, $"--token-file {fromFile}: cannot read it: {e.Message}");
            }
        }
        var ca = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        if (parse.GetValue(Ca) is { } caFile)
        {
            try
            {
                ca.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return (null, $"--ca {caFile}: cannot read a PEM certificate from it: {e.Message}");
            }
            if (ca.Count == 0)
            {
                return (null, $"--ca {caFile}: holds no PEM certificate");
            }
        }
        return (new AdminClient(uri, parse.GetValue(Token) ?? (string.IsNullOrEmpty(token) ? null : token), ca.Count > 0 ? ca : null), null);
    }

    // A director bound to every address is reached on loopback.
    private static string Reachable(string bind) =>
        bind.StartsWith("0.0.0.0:", StringComparison.Ordinal) ? "127.0.0.1" + bind[7..] : bind.StartsWith("[::]:", StringComparison.Ordinal) ? "[::1]" + bind[4..] : bind;

    private static HoconObject? Lookup(HoconObject? node, params string[] path) =>
        path.Aggregate(node, (current, key) => current?.Field(key)?.Value as HoconObject);

    private static string? Scalar(HoconObject? node, string key) => node?.Field(key)?.Value is HoconScalar { IsNull: false } s ? s.Text : null;
}
