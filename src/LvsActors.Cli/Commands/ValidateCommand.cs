using System.CommandLine;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors validate FILE…</c>: exit 0 when every file is valid, 2 otherwise, each mistake on stderr.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Configuration files to check",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check configuration files and report every mistake with file, line and key") { files };
        command.SetAction(parse =>
        {
            using var log = GlobalOptions.Logger(parse);
            var invalid = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                var result = ConfigFiles.Load(file);
                if (result.IsValid)
                {
                    InsecureClusterWarning.Log(result.Value!, file, log);
                    var services = result.Value!.VirtualServices;
                    log.Information("{File} is valid: {VirtualServices} virtual services, {RealServers} real servers",
                        file, services.Count, services.Sum(s => s.RealServers.Count));
                    continue;
                }
                invalid++;
                foreach (var error in result.Errors)
                {
                    Console.Error.WriteLine(error);
                }
                log.Error("{File} is invalid: {Errors} errors", file, result.Errors.Count);
            }
            return invalid == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
