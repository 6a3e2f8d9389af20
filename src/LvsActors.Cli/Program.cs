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
return RootCommandLine.Run(root, args);
