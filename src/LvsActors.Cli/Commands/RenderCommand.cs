using System.CommandLine;
using LvsActors.Rendering;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors render FILE</c>: the configured table as <c>ipvsadm -S -n</c> prints it.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The configuration file" };
        var command = new Command("render", "Print the configured table as `ipvsadm -S -n` lines (feed them to `ipvsadm -R`)") { file };
        command.SetAction(parse =>
        {
            var result = ConfigFiles.Load(parse.GetValue(file)!);
            if (!result.IsValid)
            {
                foreach (var error in result.Errors)
                {
                    Console.Error.WriteLine(error);
                }
                return ExitCodes.Invalid;
            }
            Console.Out.Write(IpvsadmSave.Render(result.Value!.VirtualServices));
            return ExitCodes.Ok;
        });
        return command;
    }
}
