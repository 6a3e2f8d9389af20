using System.CommandLine;
using LvsActors.Keepalived;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors import-keepalived keepalived.conf [-o out.conf]</c>: writes the equivalent HOCON and lists on stderr every
/// keepalived statement without an equivalent: losses one a line (exit 3), then notes, which never change the exit code.
/// </summary>
internal static class ImportKeepalivedCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The keepalived.conf to import (includes are followed)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the HOCON to this file instead of stdout" };
        var command = new Command("import-keepalived",
            "Write the lvsactors HOCON equivalent to a keepalived.conf; losses are listed on stderr (exit 3), then notes (exit unchanged)") { file, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var files = new KeepalivedFiles();
            IncludedFile main;
            try
            {
                main = files.Read(path);
            }
            catch (KeepalivedFileException e)
            {
                Console.Error.WriteLine($"{path}: cannot read the file: {e.Reason}");
                return ExitCodes.Invalid;
            }
            var import = KeepalivedImporter.Import(main, files.Resolve);
            if (import.SyntaxError is { } syntax)
            {
                Console.Error.WriteLine(syntax);
                return ExitCodes.Invalid;
            }
            if (parse.GetValue(output) is { } target)
            {
                try
                {
                    File.WriteAllText(target, import.Hocon);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"{target}: cannot write the file: {e.Message}");
                    return ExitCodes.Invalid;
                }
            }
            else
            {
                Console.Out.Write(import.Hocon);
            }
            Console.Error.Write(ImportReportText.Format(import));
            return import.IsComplete ? ExitCodes.Ok : ExitCodes.Reported;
        });
        return command;
    }
}
