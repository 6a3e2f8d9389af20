namespace LvsActors.Keepalived;

/// <summary>
/// How much of a keepalived.conf the importer reads before it refuses it with a syntax error (exit 2). Every value is
/// far above what a real configuration needs and low enough that a hostile or broken file (a cycle of includes, a glob
/// over /, a range over a whole IPv6 hextet, a block nested a million deep) costs seconds, not the machine.
/// README's "Coming from keepalived" lists them; change both together.
/// </summary>
public static class KeepalivedLimits
{
    /// <summary>Blocks inside blocks; keepalived's own deepest is 4 (virtual_server, real_server, HTTP_GET, url).</summary>
    public const int MaxBlockDepth = 64;

    /// <summary>Includes inside included files.</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>Files read through includes in one import, and paths one include's glob may match.</summary>
    public const int MaxIncludedFiles = 256;

    /// <summary>Bytes of one file; the largest keepalived.conf we know of is under 1 MiB.</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    /// <summary>Bytes of all files of one import together.</summary>
    public const long MaxTotalBytes = 16L * 1024 * 1024;

    /// <summary>Patterns one include's braces expand to (GLOB_BRACE: <c>{a,b}{c,d}</c> is four).</summary>
    public const int MaxBraceAlternatives = 256;

    /// <summary>Addresses one <c>virtual_server_group</c> range expands to: a whole IPv4 last octet.</summary>
    public const int MaxRangeAddresses = 256;

    /// <summary>Addresses all ranges expand to in one import, counted each time a group is used.</summary>
    public const int MaxExpandedAddresses = 4096;

    /// <summary>Parameter substitutions on one line; keepalived rescans what it substituted, so a definition that names itself never ends.</summary>
    public const int MaxSubstitutions = 1000;

    /// <summary>Characters a line may grow to by substitution (keepalived stops at its line buffer, a few KiB).</summary>
    public const int MaxSubstitutedLine = 64 * 1024;
}
