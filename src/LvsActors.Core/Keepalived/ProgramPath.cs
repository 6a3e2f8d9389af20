namespace LvsActors.Keepalived;

/// <summary>
/// Finds a program named without a directory the way keepalived's script runner does when it runs it: on PATH (execvp).
/// lvsactors wants an absolute path, so a bare name is resolved at import time, on the machine the import runs on.
/// </summary>
public delegate string? ProgramFinder(string name);

/// <summary>The command lines of notify, quorum, misc and track programs, with the program resolved to an absolute path.</summary>
internal static class ProgramPath
{
    /// <summary>The first executable regular file named <paramref name="name"/> in a directory of PATH, or null.</summary>
    public static string? OnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (Path.IsPathRooted(candidate) && File.Exists(candidate) && !OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// The words of <paramref name="line"/> as a command; a bare program name becomes the absolute path PATH gives it
    /// (with a comment), and one that cannot be found is reported, since the result would not validate.
    /// </summary>
    public static OutList Command(KeepalivedNode node, string line, ImportContext context, out string? comment)
    {
        comment = null;
        var words = KeepalivedValues.CommandWords(line).ToList();
        if (words.Count == 0 || words[0].StartsWith('/'))
        {
            return OutList.Strings(words);
        }
        var program = words[0];
        if (program.Contains('/'))
        {
            context.Report(node, $"\"{program}\" is relative: keepalived finds it from its working directory, lvsactors needs an absolute path; write it");
            return OutList.Strings(words);
        }
        if (context.FindProgram(program) is { } found)
        {
            comment = $"\"{program}\" found on PATH at import time, as keepalived would at run time";
            words[0] = found;
        }
        else
        {
            context.Report(node, $"\"{program}\" is not on this machine's PATH: keepalived would look it up on PATH when it runs it; lvsactors needs its absolute path, write it");
        }
        return OutList.Strings(words);
    }
}
