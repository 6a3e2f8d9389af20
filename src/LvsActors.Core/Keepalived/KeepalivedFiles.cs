using LvsActors.Configuration.Hocon;
using LvsActors.Files;

namespace LvsActors.Keepalived;

/// <summary>
/// Reads a keepalived.conf and the files its <c>include</c>s name on disk, as keepalived does: a relative name is taken
/// from the including file's directory; <c>{a,b}</c>, <c>*</c>, <c>?</c> and <c>[…]</c> work in any part of the path
/// (<see cref="BraceExpansion"/>, <see cref="GlobPattern"/>); the matches are read sorted by name, directories a glob
/// matches are skipped. Unlike keepalived it refuses what is not a readable regular file (read through
/// <see cref="RegularFile"/>), and stops at the limits of <see cref="KeepalivedLimits"/>. One instance per import: it counts the bytes read.
/// </summary>
public sealed class KeepalivedFiles
{
    // PATH_MAX: no longer name reaches the kernel.
    private const int MaxPatternLength = 4096;

    private long bytesRead;

    /// <summary>Reads the main configuration file.</summary>
    /// <exception cref="KeepalivedFileException">It is missing, unreadable, not a regular file or too large.</exception>
    public IncludedFile Read(string path)
    {
        if (path.Contains('\0'))
        {
            throw new KeepalivedFileException(path.Replace('\0', '?'), "a file name cannot hold a NUL character");
        }
        if (path.Length == 0)
        {
            throw new KeepalivedFileException(path, "no such file", missing: true);
        }
        var file = ReadRegular(path);
        bytesRead += file.Text.Length;
        return file;
    }

    /// <summary>The files <paramref name="pattern"/> names, read; null when a name without wildcards names no file.</summary>
    /// <exception cref="KeepalivedSyntaxException">A malformed pattern, a file that cannot be read, a limit passed.</exception>
    public IReadOnlyList<IncludedFile>? Resolve(string pattern, SourcePosition from)
    {
        if (pattern.Contains('\0') || pattern.Length > MaxPatternLength)
        {
            throw Error(from, pattern.Replace('\0', '?'), $"not a file name: longer than {MaxPatternLength} characters or holding a NUL character");
        }
        IReadOnlyList<string> alternatives;
        try
        {
            alternatives = BraceExpansion.Expand(pattern);
        }
        catch (FormatException e)
        {
            throw Error(from, pattern, e.Message);
        }
        var paths = new List<string>();
        foreach (var alternative in alternatives)
        {
            if (Match(alternative, from, pattern) is not { } matched)
            {
                return null;
            }
            paths.AddRange(matched);
            if (paths.Count > KeepalivedLimits.MaxIncludedFiles)
            {
                throw Error(from, pattern, $"matches more than {KeepalivedLimits.MaxIncludedFiles} files; name fewer");
            }
        }
        return paths.Select(path => ReadIncluded(path, from, pattern)).ToList();
    }

    private IncludedFile ReadIncluded(string path, SourcePosition from, string pattern)
    {
        IncludedFile file;
        try
        {
            file = ReadRegular(path);
        }
        catch (KeepalivedFileException e)
        {
            throw Error(from, pattern, e.Path == pattern ? e.Reason : e.Message);
        }
        bytesRead += file.Text.Length;
        if (bytesRead > KeepalivedLimits.MaxTotalBytes)
        {
            throw Error(from, pattern, $"the configuration and its includes hold more than {KeepalivedLimits.MaxTotalBytes / 1024 / 1024} MiB in all");
        }
        return file;
    }

    /// <summary>The file at <paramref name="path"/>, with its device and inode for cycle detection.</summary>
    /// <exception cref="KeepalivedFileException">Anything but a readable regular file of at most <see cref="KeepalivedLimits.MaxFileBytes"/>.</exception>
    private static IncludedFile ReadRegular(string path) => RegularFile.Read(path, KeepalivedLimits.MaxFileBytes) switch
    {
        RegularFileResult.Content content => new IncludedFile(content.Text, path, content.Identity?.ToString()),
        RegularFileResult.Missing => throw new KeepalivedFileException(path, "no such file", missing: true),
        RegularFileResult.NotRegular { Kind: var kind } => throw new KeepalivedFileException(path, NotRegular(kind)),
        RegularFileResult.Unreadable { Reason: var reason } => throw new KeepalivedFileException(path, $"cannot be read: {reason}"),
        RegularFileResult.TooLarge { MaxBytes: var max } => throw new KeepalivedFileException(
            path, $"is larger than {max / 1024 / 1024} MiB, the most a keepalived.conf or included file may be"),
        var other => throw new InvalidOperationException($"unexpected {other}"),
    };

    private static string NotRegular(FileKind kind) => kind switch
    {
        FileKind.Directory => "is a directory; include the files in it with a glob such as DIR/*.conf",
        FileKind.Fifo => "is a FIFO (named pipe), not a file: it is not opened, so that the import cannot wait on it forever",
        FileKind.CharacterDevice or FileKind.BlockDevice => "is a device, not a file",
        FileKind.Socket => "is a socket, not a file",
        _ => "is not a regular file",
    };

    /// <summary>The paths one brace-free pattern matches, sorted; null when it has no wildcard and names nothing.</summary>
    private static List<string>? Match(string alternative, SourcePosition from, string pattern)
    {
        var rooted = alternative.StartsWith('/');
        var directory = rooted ? "/" : Path.GetDirectoryName(from.File) ?? "";
        var components = alternative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!GlobPattern.HasWildcards(alternative))
        {
            var path = Shown(Path.Combine([directory, .. components.Select(GlobPattern.Unescape)]));
            return Path.Exists(path) ? [path] : null;
        }
        List<string> candidates = [directory];
        for (var i = 0; i < components.Length; i++)
        {
            var last = i == components.Length - 1;
            candidates = GlobPattern.HasWildcards(components[i])
                ? candidates.SelectMany(c => Listing(c, components[i], last, from, pattern)).ToList()
                : candidates.Select(c => Path.Combine(c, GlobPattern.Unescape(components[i]))).Where(c => last ? Path.Exists(c) : Directory.Exists(c)).ToList();
            if (candidates.Count > KeepalivedLimits.MaxIncludedFiles)
            {
                throw Error(from, pattern, $"matches more than {KeepalivedLimits.MaxIncludedFiles} paths; name fewer");
            }
        }
        return candidates.Select(Shown).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The entries of <paramref name="directory"/> the component matches: directories on the way, files at the end.</summary>
    private static IEnumerable<string> Listing(string directory, string component, bool last, SourcePosition from, string pattern)
    {
        GlobPattern glob;
        try
        {
            glob = GlobPattern.Parse(component);
        }
        catch (FormatException e)
        {
            throw Error(from, pattern, e.Message);
        }
        var here = directory.Length == 0 ? "." : directory;
        if (!Directory.Exists(here))
        {
            return [];
        }
        try
        {
            var entries = last ? Directory.EnumerateFiles(here) : Directory.EnumerateDirectories(here);
            return entries.Select(Path.GetFileName).Where(name => glob.Matches(name!)).Select(name => Path.Combine(directory, name!)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(from, pattern, $"cannot list {here}: {e.Message}");
        }
    }

    /// <summary>The name a file is shown by: absolute when written so, else relative to the working directory, "a/b/../c" as "a/c".</summary>
    private static string Shown(string path) =>
        path.Length == 0 ? "."
        : Path.IsPathRooted(path) ? Path.GetFullPath(path)
        : Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));

    private static KeepalivedSyntaxException Error(SourcePosition from, string pattern, string reason) => new(from, "include", $"{pattern}: {reason}");
}
