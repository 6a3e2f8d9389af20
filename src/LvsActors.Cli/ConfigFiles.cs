using LvsActors.Configuration;
using LvsActors.Model;

namespace LvsActors.Cli;

/// <summary>Loads configuration files from disk: includes resolve relative to the including file, substitutions fall back to the environment.</summary>
internal static class ConfigFiles
{
    public static ConfigResult<LvsConfig> Load(string path) => LvsConfigFile.Load(path, Environment.GetEnvironmentVariable);
}
