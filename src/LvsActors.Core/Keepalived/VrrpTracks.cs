namespace LvsActors.Keepalived;

/// <summary>
/// track_interface and track_script of a vrrp_instance or sync group onto <c>lvs.cluster.track-interfaces</c> and
/// <c>track-script</c>: while a track fails the director gives up the VIPs, as a keepalived instance goes to FAULT. A
/// track with a weight only moves keepalived's priority, which lvsactors does not do; that is reported as a loss.
/// </summary>
internal static class VrrpTracks
{
    public static void Map(KeepalivedNode node, OutObject cluster, ImportContext context)
    {
        foreach (var line in node.Block)
        {
            if (node.Keyword == "track_interface")
            {
                Interface(line, cluster, context);
            }
            else
            {
                Script(line, cluster, context);
            }
        }
    }

    private static void Interface(KeepalivedNode line, OutObject cluster, ImportContext context)
    {
        var interfaces = cluster.Get("track-interfaces") as OutList ?? new OutList([]);
        var name = OutScalar.String(line.Keyword);
        if (!interfaces.Items.OfType<OutScalar>().Any(i => i.Text == name.Text))
        {
            interfaces.Items.Add(name);
        }
        cluster.Set("track-interfaces", interfaces, Origin.Of(line));
        Weight(line, Weight(line.Arguments), $"interface {line.Keyword} is down", context);
    }

    private static void Script(KeepalivedNode line, OutObject cluster, ImportContext context)
    {
        if (!context.Scripts.TryGetValue(line.Keyword, out var script))
        {
            context.Note(line, $"no vrrp_script named \"{line.Keyword}\": keepalived ignores this track, and so did the import");
            return;
        }
        context.UsedScripts.Add(line.Keyword);
        var command = script.Block.LastOrDefault(n => n.Keyword == "script");
        if (command is null)
        {
            context.Note(script, "a vrrp_script without script: keepalived ignores it, and so did the import");
            return;
        }
        if (cluster.Has("track-script"))
        {
            context.Report(line, $"lvsactors tracks one script and one is already imported; keepalived would also track vrrp_script {line.Keyword}: combine them in one script");
            return;
        }
        cluster.Set("track-script", ProgramPath.Command(command, command.JoinedArguments, context, out var found), Origin.Of(command),
            found ?? $"vrrp_script {line.Keyword}");
        var weight = Weight(line.Arguments) ?? (script.Block.LastOrDefault(n => n.Keyword == "weight") is { } w ? Weight([w.Keyword, .. w.Arguments]) : null);
        Weight(line, weight, $"vrrp_script {line.Keyword} fails", context);
        foreach (var option in script.Block.Where(n => n.Keyword is not ("script" or "weight")))
        {
            context.Note(option, option.Keyword switch
            {
                "interval" => "lvsactors runs the track script every lvs.director.leadership.track-interval, for all directors alike",
                "fall" or "rise" => "lvsactors gives up the VIPs on the first failure and takes them back on the first success",
                "timeout" => "lvsactors bounds the track script by its track-interval",
                "user" => "lvsactors runs the track script as the user it runs as",
                _ => $"{option.Keyword} has no equivalent for the track script; not carried over",
            });
        }
    }

    /// <summary>The weight of <c>weight N [reverse]</c>, or null when none is given.</summary>
    private static long? Weight(IReadOnlyList<string> words) =>
        words.Count >= 2 && words[0] == "weight" && long.TryParse(words[1], out var weight) ? weight : null;

    private static void Weight(KeepalivedNode line, long? weight, string when, ImportContext context)
    {
        if (weight is { } w and not 0)
        {
            context.Report(line, $"weight {w}: while {when} keepalived changes this director's priority by {w} and may keep the VIPs; lvsactors gives them up instead");
        }
    }
}
