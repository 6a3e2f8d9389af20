using System.Reflection;

namespace LvsActors.Cli;

/// <summary>What <c>lvsactors --version</c> says: the version and the git commit it was built from.</summary>
internal static class BuildInfo
{
    /// <summary>"lvsactors 0.1.0 (commit 8867b62…)"; the SDK appends "+COMMIT" to the informational version in a git checkout.</summary>
    public static string Line
    {
        get
        {
            var informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var plus = informational.IndexOf('+');
            return plus < 0
                ? $"lvsactors {informational} (commit unknown: not built from a git checkout)"
                : $"lvsactors {informational[..plus]} (commit {informational[(plus + 1)..]})";
        }
    }
}
