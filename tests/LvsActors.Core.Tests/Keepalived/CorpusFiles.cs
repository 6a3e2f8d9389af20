using LvsActors.Configuration.Hocon;
using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>The keepalived corpus on disk: its cases, and includes resolved inside it (names relative to the corpus folder).</summary>
internal static class CorpusFiles
{
    public static string Folder { get; } = RepositoryRoot.Of("tests", "LvsActors.Core.Tests", "Keepalived", "Corpus");

    /// <summary>Case names (<c>NAME.keepalived.conf</c> without the suffix) in <paramref name="subfolder"/>.</summary>
    public static TheoryData<string> Cases(string subfolder = "")
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, subfolder), "*.keepalived.conf").Order(StringComparer.Ordinal))
        {
            data.Add(Path.Combine(subfolder, Path.GetFileName(file)[..^".keepalived.conf".Length]));
        }
        return data;
    }

    public static KeepalivedImport Import(string name)
    {
        var file = name + ".keepalived.conf";
        return KeepalivedImporter.Import(File.ReadAllText(Path.Combine(Folder, file)), file, Resolve, FindProgram);
    }

    /// <summary>
    /// The PATH the corpus is imported with, the same on every machine: the programs the corpus names without a
    /// directory are in /usr/bin, nothing else is.
    /// </summary>
    public static string? FindProgram(string name) => name is "sleep" or "amphora-health-checker" ? "/usr/bin/" + name : null;

    /// <summary>The expected file <paramref name="name"/>.<paramref name="suffix"/>, or null when the case has none.</summary>
    public static string? Expected(string name, string suffix)
    {
        var path = Path.Combine(Folder, $"{name}.{suffix}");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>
    /// With LVS_UPDATE_GOLDEN=1, rewrites the expected file <paramref name="name"/>.<paramref name="suffix"/> when
    /// <paramref name="text"/> differs from it (no file reads as empty), and then fails, saying so: an update run
    /// never passes a check it did not make. Review the diff and run again without the variable.
    /// </summary>
    public static void UpdateIfAsked(string name, string suffix, string text)
    {
        if (Environment.GetEnvironmentVariable("LVS_UPDATE_GOLDEN") != "1" || (Expected(name, suffix) ?? "") == text)
        {
            return;
        }
        File.WriteAllText(Path.Combine(Folder, $"{name}.{suffix}"), text);
        Assert.Fail($"{name}.{suffix} rewritten (LVS_UPDATE_GOLDEN=1): review the diff, then run the tests again without LVS_UPDATE_GOLDEN");
    }

    private static IReadOnlyList<IncludedFile>? Resolve(string pattern, SourcePosition from)
    {
        var directory = Path.GetDirectoryName(Path.Combine(Folder, from.File))!;
        var full = Path.GetFullPath(Path.Combine(directory, pattern));
        if (!pattern.Contains('*'))
        {
            return File.Exists(full) ? [Read(full)] : null;
        }
        return Directory.GetFiles(Path.GetDirectoryName(full)!, Path.GetFileName(full)).Order(StringComparer.Ordinal).Select(Read).ToList();
    }

    private static IncludedFile Read(string path) => new(File.ReadAllText(path), Path.GetRelativePath(Folder, path));
}
