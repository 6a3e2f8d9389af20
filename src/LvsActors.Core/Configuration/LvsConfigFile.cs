using LvsActors.Configuration.Hocon;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>
/// Loads a configuration file from disk: includes resolve relative to the including file, substitutions fall back to
/// <c>environment</c>. Whatever the files hold, the answer is a result with errors, never an exception.
/// </summary>
public static class LvsConfigFile
{
    /// <summary>Reads, parses and validates <paramref name="path"/> and the files it includes.</summary>
    public static ConfigResult<LvsConfig> Load(string path, Func<string, string?>? environment = null)
    {
        long used = 0;
        string? text;
        try
        {
            text = Read(path);
        }
        catch (HoconIncludeException e)
        {
            return Refused($"{path}: cannot read the file: {e.Message}");
        }
        if (text is null)
        {
            return Refused($"{path}: cannot read the file: it does not exist");
        }
        return WithCertificates(LvsConfigLoader.Load(text, path, Include, environment));

        (string Text, string File)? Include(string name, SourcePosition from)
        {
            var directory = Path.GetDirectoryName(from.File);
            var file = Path.IsPathRooted(name) || string.IsNullOrEmpty(directory) ? name : Path.Combine(directory, name);
            return Read(file) is { } included ? (included, file) : null;
        }

        string? Read(string file)
        {
            var room = Math.Min(HoconLimits.MaxFileBytes, HoconLimits.MaxTotalBytes - used);
            var content = ConfigFileReader.Read(file, room);
            used += content?.Length ?? 0;
            return content;
        }
    }

    // The files of lvs.cluster.tls are read here, beside the includes, so validate and run both refuse what the
    // transport would: expired or foreign certificates, a key that is not the certificate's, files that cannot be read.
    private static ConfigResult<LvsConfig> WithCertificates(ConfigResult<LvsConfig> result)
    {
        if (!result.IsValid || result.Value!.Cluster.Tls is not { } tls)
        {
            return result;
        }
        var (_, problems) = Tls.ClusterCertificates.Load(tls, DateTimeOffset.UtcNow);
        if (problems.Count == 0)
        {
            return result;
        }
        var section = HoconPath.Node(result.Document, "lvs", "cluster", "tls") as HoconObject;
        var errors = problems
            .Select(p => new ConfigError(section?.Field(p.Key)?.Position ?? section?.Position, $"lvs.cluster.tls.{p.Key}", p.Message))
            .ToList();
        return new ConfigResult<LvsConfig>(null, errors, result.Document);
    }

    private static ConfigResult<LvsConfig> Refused(string message) => new(null, [new ConfigError(null, "", message)]);
}
