using System.CommandLine;
using LvsActors.Rendering;
using LvsActors.Table;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors save</c>: the live kernel table as <c>ipvsadm -S -n</c> prints it.</summary>
internal static class SaveCommand
{
    public static Command Create()
    {
        var command = new Command("save", "Print the kernel's IPVS table of this network namespace as `ipvsadm -S -n` lines (feed them to `ipvsadm -R`)");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var plane = KernelTable.Open();
            if (plane is null)
            {
                return ExitCodes.Failed;
            }
            try
            {
                Console.Out.Write(IpvsadmSave.Render(plane.ReadTable().Entries));
                return ExitCodes.Ok;
            }
            catch (DataPlaneException e)
            {
                Console.Error.WriteLine($"lvsactors: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
