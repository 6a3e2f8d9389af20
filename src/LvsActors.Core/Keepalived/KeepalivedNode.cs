using LvsActors.Configuration.Hocon;

namespace LvsActors.Keepalived;

/// <summary>
/// One keepalived.conf statement: its keyword, its arguments (quotes removed) and, when it opens a block, the
/// statements between its braces. The position is where the keyword was written, after includes were followed.
/// </summary>
public sealed record KeepalivedNode(string Keyword, IReadOnlyList<string> Arguments, IReadOnlyList<KeepalivedNode>? Children, SourcePosition Position)
{
    /// <summary>The statements inside the braces; none for a plain statement.</summary>
    public IReadOnlyList<KeepalivedNode> Block => Children ?? [];

    /// <summary>The first argument, or null when there is none.</summary>
    public string? Argument => Arguments.Count > 0 ? Arguments[0] : null;

    /// <summary>The arguments joined by spaces, as keepalived rebuilds the value of a quoted keyword such as misc_path.</summary>
    public string JoinedArguments => string.Join(' ', Arguments);
}

/// <summary>
/// A file an <c>include</c> brought in: its text, the name used in messages and for further includes, and what makes it
/// the same file under another name (device and inode on disk; the name when null), so that a cycle is found.
/// </summary>
public sealed record IncludedFile(string Text, string File, string? Identity = null)
{
    /// <summary>The file's identity for cycle detection.</summary>
    public string Key => Identity ?? File;
}

/// <summary>
/// Finds the files an <c>include</c> names (a glob, relative to the including file as keepalived resolves it).
/// Returns null when a name without wildcards matches no file; an empty list when a glob matched nothing. Throws
/// <see cref="KeepalivedSyntaxException"/> for what it refuses to read (see <see cref="KeepalivedFiles"/>).
/// </summary>
public delegate IReadOnlyList<IncludedFile>? KeepalivedIncludeResolver(string pattern, SourcePosition from);

/// <summary>
/// A keepalived.conf that cannot be read at all: unbalanced braces, an include that names no file or an unreadable one,
/// a limit of <see cref="KeepalivedLimits"/> passed.
/// </summary>
public sealed class KeepalivedSyntaxException(SourcePosition position, string keyword, string reason)
    : Exception($"{position}: {ImportReport.Shown(keyword)}: {reason}")
{
    /// <summary>Where the problem is.</summary>
    public SourcePosition Position { get; } = position;

    /// <summary>The keyword (or brace) of the statement at fault; <c>""</c> for an empty one.</summary>
    public string Keyword { get; } = ImportReport.Shown(keyword);

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = reason;
}
