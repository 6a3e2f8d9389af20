using System.CommandLine;

namespace LvsActors.Cli;

/// <summary>How both executables (lvsactors and lvsactors-native) run a command line against their root command.</summary>
internal static class RootCommandLine
{
    /// <summary>--version names the commit; a command line that does not parse is reported on stderr and exits 2.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        // The built-in --version prints the bare informational version; this one names the commit in words.
        if (args is ["--version"])
        {
            Console.WriteLine(BuildInfo.Line);
            return ExitCodes.Ok;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }
            Console.Error.WriteLine("Try 'lvsactors --help'.");
            return ExitCodes.Invalid;
        }
        // No System.CommandLine signal handler: on SIGTERM or Ctrl-C it cancels the command's token and then holds the
        // signal thread for up to 2 s waiting for the command to end, and with it every other handler (the director's
        // own, which gives up the VIPs: a stopped owner's lease lapsed behind it in the lab). The commands that run
        // until stopped (run, demo) handle SIGTERM and SIGINT themselves; the others end as any process does.
        return parse.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
