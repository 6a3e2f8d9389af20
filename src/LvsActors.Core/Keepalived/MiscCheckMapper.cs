namespace LvsActors.Keepalived;

/// <summary>MISC_CHECK and FILE_CHECK options, which need more than a rename.</summary>
internal static class MiscCheckMapper
{
    public static bool Map(KeepalivedNode node, OutObject check, ImportContext context)
    {
        var origin = Origin.Of(node);
        switch (node.Keyword)
        {
            case "misc_path":
                var line = node.JoinedArguments;
                check.Set("command", ProgramPath.Command(node, line, context, out var found), origin, found);
                if (KeepalivedValues.UsesShell(line))
                {
                    context.Report(node, "keepalived runs misc_path through a shell, lvsactors runs the program itself, so shell syntax " +
                        "(pipes, redirections, $variables, globs) reaches it as plain arguments: move the line into a script, or write " +
                        "command = [\"/bin/sh\", \"-c\", \"…\"]");
                }
                return true;
            case "misc_timeout":
                if (KeepalivedValues.Duration(node, context) is { } timeout)
                {
                    check.Set("timeout", timeout, origin);
                }
                return true;
            case "misc_dynamic":
                check.Set("dynamic", OutScalar.Bool(true), origin, "exit 2–255 sets the weight to code − 2");
                return true;
            case "user":
                check.Set("user", OutScalar.String(node.Argument ?? ""), origin);
                if (node.Arguments.Count > 1)
                {
                    context.Report(node, $"the group \"{node.Arguments[1]}\" has no equivalent: the program runs with the user's own group");
                }
                return true;
            default:
                return false;
        }
    }
}

/// <summary>FILE_CHECK: the file and weight come from the top-level track_file block it names, the weight possibly overridden.</summary>
internal static class FileCheckMapper
{
    public static bool Map(KeepalivedNode node, OutObject check, ImportContext context)
    {
        var origin = Origin.Of(node);
        if (node.Keyword == "weight")
        {
            SetWeight(node, check, context, "FILE_CHECK weight overrides the track_file's");
            return true;
        }
        if (node.Argument is null || !context.TrackFiles.TryGetValue(node.Argument, out var tracked))
        {
            context.Report(node, $"no top-level track_file block named \"{node.Argument}\"; keepalived ignores this FILE_CHECK, and so did the import");
            return true;
        }
        context.UsedTrackFiles.Add(node.Argument);
        var file = tracked.Block.LastOrDefault(n => n.Keyword == "file");
        if (file?.Argument is null)
        {
            context.Report(tracked, "track_file without a file; keepalived ignores it, and so did the import");
            return true;
        }
        check.Set("path", new OutScalar(OutScalar.Quote(file.Argument)), Origin.Of(file), $"track_file {node.Argument}");
        var weight = tracked.Block.LastOrDefault(n => n.Keyword == "weight");
        // A FILE_CHECK weight set before this line stays; keepalived applies the track_file's only when the check has none.
        if (!check.Has("weight"))
        {
            if (weight is null)
            {
                check.Set("weight", OutScalar.Number(1), origin, "keepalived's default track_file weight");
            }
            else
            {
                SetWeight(weight, check, context, null);
            }
        }
        foreach (var other in tracked.Block.Where(n => n.Keyword is not ("file" or "weight")))
        {
            context.NotMapped(other, "a track_file block");
        }
        return true;
    }

    private static void SetWeight(KeepalivedNode node, OutObject check, ImportContext context, string? comment)
    {
        if (KeepalivedValues.Number(node, context) is { } weight)
        {
            check.Set("weight", OutScalar.Number(weight), Origin.Of(node), comment);
        }
        if (node.Arguments.Count > 1 && node.Arguments[1] == "reverse")
        {
            context.Report(node, "reverse has no equivalent: lvsactors always adds value × weight; imported without reverse");
        }
    }
}
