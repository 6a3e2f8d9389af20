using LvsActors.Configuration;
using LvsActors.Model;

namespace LvsActors.Tests.Configuration;

/// <summary>Loads a configuration the way the CLI does, for tests: includes beside the file, no environment.</summary>
internal static class ConfigFile
{
    public static ConfigResult<LvsConfig> Load(string path, string? displayName = null) =>
        LvsConfigLoader.Load(File.ReadAllText(path), displayName ?? path, (name, from) =>
        {
            var included = Path.Combine(Path.GetDirectoryName(path)!, name);
            return File.Exists(included) ? (File.ReadAllText(included), name) : null;
        });

    public static LvsConfig Valid(string text)
    {
        var result = LvsConfigLoader.Load(text, "test.conf");
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Value!;
    }

    public static IReadOnlyList<string> Errors(string text) =>
        LvsConfigLoader.Load(text, "test.conf").Errors.Select(e => e.ToString()).ToList();
}
