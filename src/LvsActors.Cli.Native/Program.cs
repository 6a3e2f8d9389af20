using System.CommandLine;
using LvsActors.Cli;
using LvsActors.Cli.Commands;
using LvsActors.Cli.Native;

// What an operator types as `lvsactors` in the Debian package: the table commands run here, compiled ahead of time
// (the kernel table programmed in half keepalived's start-up); every other command line becomes the full lvsactors,
// in the same process.
if (!NativeCommands.Handles(args))
{
    return FullProgram.Run(args);
}
var root = new RootCommand("lvsactors — the table commands, compiled ahead of time")
{
    GlobalOptions.LogFormat,
    GlobalOptions.LogLevel,
    ValidateCommand.Create(),
    RenderCommand.Create(),
    ApplyCommand.Create(),
    ListCommand.Create(),
    SaveCommand.Create(),
};
return RootCommandLine.Run(root, args);
