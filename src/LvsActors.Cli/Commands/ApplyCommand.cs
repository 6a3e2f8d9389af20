using System.CommandLine;
using LvsActors.Table;

namespace LvsActors.Cli.Commands;

/// <summary>
/// <c>lvsactors apply FILE</c>: reconciles the kernel's IPVS table to the configured one once (every real server in,
/// at its configured weight, as <c>render</c> prints it) and prints each change and a summary.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The configuration file" };
        var command = new Command("apply",
            "Make the kernel's IPVS table of this network namespace exactly the configured one (services not in the file are removed) and print what changed")
        {
            file,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var path = parse.GetValue(file)!;
            var config = ConfigFiles.Load(path);
            if (!config.IsValid)
            {
                foreach (var error in config.Errors)
                {
                    Console.Error.WriteLine(error);
                }
                return ExitCodes.Invalid;
            }
            using var log = GlobalOptions.Logger(parse, config.Value!.Log);
            var loaded = stopwatch.Elapsed;
            await using var plane = KernelTable.Open();
            if (plane is null)
            {
                return ExitCodes.Failed;
            }
            IReadOnlyList<TableChange> changes;
            try
            {
                changes = await plane.ApplyAsync(config.Value.VirtualServices.Select(ServiceEntry.Configured).ToList(), cancellationToken);
            }
            catch (DataPlaneException e)
            {
                Console.Error.WriteLine($"lvsactors: {e.Message}");
                return ExitCodes.Failed;
            }
            if (plane.LastApply is { } t)
            {
                log.Debug("Loaded {File} in {LoadMs:F0} ms; read the kernel table in {ReadMs:F0} ms, diffed in {DiffMs:F0} ms, wrote {Changes} changes in {WriteMs:F0} ms",
                    path, loaded.TotalMilliseconds, t.ReadTable.TotalMilliseconds, t.Diff.TotalMilliseconds, t.Changes, t.Write.TotalMilliseconds);
            }
            using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            foreach (var change in changes)
            {
                output.WriteLine(change.ToString());
            }
            output.WriteLine(Summary(changes));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"no changes", or "N changes: services a added, e edited, r removed; real servers a added, …".</summary>
    private static string Summary(IReadOnlyList<TableChange> changes)
    {
        if (changes.Count == 0)
        {
            return "no changes";
        }
        int Count<T>() => changes.Count(c => c is T);
        return $"{changes.Count} {(changes.Count == 1 ? "change" : "changes")}: services {Count<AddService>()} added, {Count<EditService>()} edited, {Count<RemoveService>()} removed; "
            + $"real servers {Count<AddDestination>()} added, {Count<EditDestination>()} edited, {Count<RemoveDestination>()} removed";
    }
}
