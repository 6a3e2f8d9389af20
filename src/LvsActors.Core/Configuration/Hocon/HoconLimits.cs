namespace LvsActors.Configuration.Hocon;

/// <summary>
/// How much a configuration may ask of the reader. A director re-reads its file on every reload, so a hostile or
/// careless file must end in an error that names it, never in a stack overflow, an endless read or an exhausted heap.
/// Real configurations stay far below each value (the largest example, hocon/cluster-3node.conf, nests 6 deep).
/// </summary>
public static class HoconLimits
{
    /// <summary>Objects and lists inside one another, counting dotted keys and includes: 64.</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>Files including one another, the including file counted: 16.</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>Includes in one configuration, all files together: 256.</summary>
    public const int MaxIncludes = 256;

    /// <summary>The size of one file: 4 MiB.</summary>
    public const int MaxFileBytes = 4 << 20;

    /// <summary>The size of a configuration with all its includes: 16 MiB.</summary>
    public const int MaxTotalBytes = 16 << 20;

    /// <summary>The length of one value joined from substitutions (<c>${a}${a}</c>): 1 MiB of characters.</summary>
    public const int MaxSubstitutedValueLength = 1 << 20;

    /// <summary>Characters joined from substitutions in the whole configuration: 16 MiB.</summary>
    public const int MaxSubstitutedTotalLength = 16 << 20;

    /// <summary>Substitutions looked up in one configuration: 100,000.</summary>
    public const int MaxResolutions = 100_000;

    /// <summary>
    /// Values in the resolved document, a value reached through several substitutions counted at each place: 1,000,000
    /// (a chain of objects each substituting the previous one twice doubles at every step).
    /// </summary>
    public const int MaxResolvedValues = 1_000_000;
}
