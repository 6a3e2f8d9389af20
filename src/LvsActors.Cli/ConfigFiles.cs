using LvsActors.Configuration;
using LvsActors.Configuration.Hocon;
using LvsActors.Model;

namespace LvsActors.Cli;

/// <summary>Loads configuration files from disk: includes resolve relative to the including file, substitutions fall back to the environment.</summary>
internal static class ConfigFiles
{
    public static ConfigResult<LvsConfig> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConfigResult<LvsConfig>(null, [new ConfigError(null, "", $"{path}: cannot read the file: {e.Message}")]);
        }
        return LvsConfigLoader.Load(text, path, Include, Environment.GetEnvironmentVariable);
    }

    private static (string Text, string File)? Include(string name, SourcePosition from)
    {
        var directory = Path.GetDirectoryName(from.File);
        var path = Path.IsPathRooted(name) || string.IsNullOrEmpty(directory) ? name : Path.Combine(directory, name);
        return File.Exists(path) ? (File.ReadAllText(path), path) : null;
    }
}
