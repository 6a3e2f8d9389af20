namespace LvsActors.Cli.Native;

/// <summary>The command lines this executable runs itself: those of the table commands, which need no actor system.</summary>
internal static class NativeCommands
{
    /// <summary>The commands compiled into this executable.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "validate", "render", "apply", "list", "save" };

    /// <summary>
    /// True for <c>--version</c> and for a command line whose command (the first word after the global options) is one
    /// of <see cref="Names"/>; everything else, <c>--help</c> without a command included, is the full program's.
    /// </summary>
    public static bool Handles(IReadOnlyList<string> args)
    {
        if (args is ["--version"])
        {
            return true;
        }
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--log-format" or "--log-level":
                    i++;
                    continue;
                case var option when option.StartsWith("--log-format=", StringComparison.Ordinal) || option.StartsWith("--log-level=", StringComparison.Ordinal):
                    continue;
                case var word:
                    return Names.Contains(word);
            }
        }
        return false;
    }
}
