using LvsActors.Linux.Interop;

namespace LvsActors.Cli.Native;

/// <summary>The full lvsactors (the actor system, run, demo, the admin commands): the executable of that name in this one's folder.</summary>
internal static class FullProgram
{
    public const string FileName = "lvsactors";

    /// <summary>Replaces this process with the full program and the same arguments; returns only when that failed.</summary>
    public static int Run(string[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"lvsactors: this command needs the full lvsactors program, which is not at {path}; "
                + $"without it only {string.Join(", ", NativeCommands.Names)} and --version run");
            return ExitCodes.Failed;
        }
        Console.Error.WriteLine($"lvsactors: {ProgramExec.Replace(path, [path, .. args])}");
        return ExitCodes.Failed;
    }
}
