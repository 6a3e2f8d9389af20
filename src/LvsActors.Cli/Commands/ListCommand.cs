using System.CommandLine;
using LvsActors.Rendering;
using LvsActors.Table;

namespace LvsActors.Cli.Commands;

/// <summary><c>lvsactors list [--stats|--rate]</c>: the live kernel table exactly as <c>ipvsadm -Ln</c> prints it.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var stats = new Option<bool>("--stats") { Description = "Show connections, packets and bytes counted (ipvsadm -Ln --stats)" };
        var rate = new Option<bool>("--rate") { Description = "Show connections, packets and bytes per second (ipvsadm -Ln --rate)" };
        var command = new Command("list", "Print the kernel's IPVS table of this network namespace as `ipvsadm -Ln` does") { stats, rate };
        command.Validators.Add(result =>
        {
            if (result.GetValue(stats) && result.GetValue(rate))
            {
                result.AddError("--stats and --rate cannot be used together, as in ipvsadm");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var plane = KernelTable.Open();
            if (plane is null)
            {
                return ExitCodes.Failed;
            }
            var format = parse.GetValue(stats) ? IpvsadmListFormat.Stats
                : parse.GetValue(rate) ? IpvsadmListFormat.Rate
                : IpvsadmListFormat.Default;
            try
            {
                Console.Out.Write(IpvsadmList.Render(plane.ReadTable(), format));
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
