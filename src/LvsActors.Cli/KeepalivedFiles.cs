using System.Text.RegularExpressions;
using LvsActors.Configuration.Hocon;
using LvsActors.Keepalived;

namespace LvsActors.Cli;

/// <summary>
/// Finds the files a keepalived <c>include</c> names on disk, as keepalived does: a relative name is taken from the
/// including file's directory, and <c>*</c>, <c>?</c> and <c>[…]</c> match in any part of the path, sorted by name.
/// </summary>
internal static class KeepalivedFiles
{
    public static IReadOnlyList<IncludedFile>? Resolve(string pattern, SourcePosition from)
    {
        // keepalived globs with GLOB_BRACE: {a,b} gives one pattern per alternative, each of which must match.
        var files = new List<IncludedFile>();
        foreach (var alternative in ExpandBraces(pattern))
        {
            if (ResolveOne(alternative, from) is not { } matched)
            {
                return null;
            }
            files.AddRange(matched);
        }
        return files;
    }

    private static IEnumerable<string> ExpandBraces(string pattern)
    {
        var open = pattern.IndexOf('{');
        var close = open < 0 ? -1 : pattern.IndexOf('}', open);
        if (close < 0)
        {
            return [pattern];
        }
        var (before, inside, after) = (pattern[..open], pattern[(open + 1)..close], pattern[(close + 1)..]);
        return inside.Split(',').SelectMany(choice => ExpandBraces(before + choice + after));
    }

    private static IReadOnlyList<IncludedFile>? ResolveOne(string pattern, SourcePosition from)
    {
        var directory = Path.GetDirectoryName(from.File);
        var path = Path.IsPathRooted(pattern) || string.IsNullOrEmpty(directory) ? pattern : Path.Combine(directory, pattern);
        // keepalived names included files as found; "a/b/../c" reads better as "a/c".
        path = Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));
        if (pattern.IndexOfAny(['*', '?', '[']) < 0)
        {
            return File.Exists(path) ? [new IncludedFile(File.ReadAllText(path), path)] : null;
        }
        var root = Path.IsPathRooted(path) ? Path.GetPathRoot(path)! : "";
        IEnumerable<string> matches = [root];
        var parts = path[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            matches = matches.SelectMany(dir => Matching(dir, part, last)).ToList();
        }
        return matches.Order(StringComparer.Ordinal).Select(f => new IncludedFile(File.ReadAllText(f), f)).ToList();
    }

    private static IEnumerable<string> Matching(string directory, string part, bool last)
    {
        var here = directory.Length == 0 ? "." : directory;
        if (part.IndexOfAny(['*', '?', '[']) < 0)
        {
            var path = Path.Combine(directory, part);
            return (last ? File.Exists(path) : Directory.Exists(path)) ? [path] : [];
        }
        if (!Directory.Exists(here))
        {
            return [];
        }
        var regex = new Regex("^" + Regex.Escape(part).Replace(@"\*", ".*").Replace(@"\?", ".").Replace(@"\[!", "[^").Replace(@"\[", "[") + "$");
        var entries = last ? Directory.EnumerateFiles(here) : Directory.EnumerateDirectories(here);
        // A glob's * does not match a leading dot, as in glob(3).
        return entries.Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.') && regex.IsMatch(n))
            .Select(n => Path.Combine(directory, n!));
    }
}
