using System.CommandLine;
using LvsActors.Cli;
using LvsActors.Cli.Commands;

// One executable, one subcommand per file under Commands/: add a command by adding its Create() here.
var root = new RootCommand("lvsactors — a Linux Virtual Server director cluster on Akka.NET")
{
    GlobalOptions.LogFormat,
    GlobalOptions.LogLevel,
    ValidateCommand.Create(),
    RenderCommand.Create(),
    SimulateCommand.Create(),
    RunCommand.Create(),
    DemoCommand.Create(),
    ApplyCommand.Create(),
    ListCommand.Create(),
    SaveCommand.Create(),
    StatusCommand.Create(),
    DrainCommand.Create(),
    DirectorDrainCommand.Create(),
    RestoreCommand.Create(),
    WeightCommand.Create(),
    AddServerCommand.Create(),
    RemoveServerCommand.Create(),
    ReloadCommand.Create(),
    ImportKeepalivedCommand.Create(),
    ClusterCertsCommand.Create(),
};
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
return parse.Invoke();
