namespace LvsActors.Keepalived;

/// <summary>
/// Maps the first <c>vrrp_instance</c> onto <c>lvs.cluster</c>: which director is preferred, the VIPs, their
/// announcement and the programs run on a change of owner. One cluster moves all VIPs together, so further instances are
/// reported rather than merged.
/// </summary>
internal static class VrrpMapper
{
    /// <summary>The cluster from the first instance; <paramref name="members"/> are the other instances of its sync group, which move with it.</summary>
    public static OutObject Map(KeepalivedNode instance, IReadOnlyList<KeepalivedNode> members, ImportContext context)
    {
        var origin = Origin.Of(instance);
        var cluster = new OutObject(origin) { Heading = $"keepalived: vrrp_instance {instance.Argument} ({instance.Position})" };
        var announce = new OutObject(origin);
        MapInstance(instance, cluster, announce, first: true, context);
        foreach (var member in members)
        {
            MapInstance(member, cluster, announce, first: false, context);
        }
        if (announce.Entries.Count > 0)
        {
            cluster.Set("announce", announce, origin);
        }
        // Directors authenticate each other (issue 19); keepalived's VRRP authentication has no equivalent to carry over.
        var tls = new OutObject(origin);
        foreach (var (key, file) in new[] { ("certificate", "director.crt"), ("key", "director.key"), ("ca", "ca.crt") })
        {
            tls.Set(key, OutScalar.String("/etc/lvsactors/tls/" + file), origin);
        }
        cluster.Set("tls", tls, origin, "mutual TLS between directors: `lvsactors cluster-certs --out /etc/lvsactors/tls NAME…` writes the files");
        return cluster;
    }

    /// <summary>
    /// One instance onto the cluster. A further instance of the sync group adds its VIPs, tracks and programs; its
    /// priority and timing are VRRP's business between the instances of one group, which move together anyway.
    /// </summary>
    private static void MapInstance(KeepalivedNode instance, OutObject cluster, OutObject announce, bool first, ImportContext context)
    {
        var device = instance.Block.LastOrDefault(n => n.Keyword == "interface")?.Argument;
        foreach (var node in instance.Block)
        {
            var at = Origin.Of(node);
            switch (node.Keyword)
            {
                case "virtual_ipaddress":
                    var vips = cluster.Get("vips") as OutList ?? new OutList([]);
                    vips.Items.AddRange(node.Block.Select(v => Vip(v, device, context)).OfType<OutObject>());
                    cluster.Set("vips", vips, first ? at : cluster.Origin);
                    break;
                case "notify_master" or "notify_backup" or "notify_fault":
                    Notify(node, cluster, context);
                    break;
                case "track_interface" or "track_script":
                    VrrpTracks.Map(node, cluster, context);
                    break;
                case "lvs_sync_daemon_interface":
                    SyncDaemonInterface(node, instance, cluster, context);
                    break;
                case "track_file":
                    context.Report(node, "no equivalent yet: a director cannot track files; its VIPs do not move when the file changes");
                    break;
                case "state" or "priority" or "nopreempt" or "preempt_delay" or "garp_master_delay" or "garp_master_refresh" or "garp_master_repeat" when !first:
                    context.Note(node, "the instances of one sync group move together: the cluster takes this from the group's first instance");
                    break;
                default:
                    MapPreference(node, cluster, announce, context);
                    break;
            }
        }
    }

    private static void MapPreference(KeepalivedNode node, OutObject cluster, OutObject announce, ImportContext context)
    {
        var at = Origin.Of(node);
        switch (node.Keyword)
        {
            case "state":
                cluster.Set("role", OutScalar.String("director"), at, $"state {node.Argument}: the priority decides which director owns the VIPs");
                break;
            case "priority":
                if (KeepalivedValues.Number(node, context) is { } priority)
                {
                    cluster.Set("priority", OutScalar.Number(priority), at);
                }
                break;
            case "nopreempt":
                cluster.Set("preempt", OutScalar.Bool(false), at);
                break;
            case "preempt_delay":
                if (KeepalivedValues.Duration(node, context) is { } delay)
                {
                    cluster.Set("preempt-delay", delay, at);
                }
                break;
            case "garp_master_delay" or "garp_master_refresh":
                if (KeepalivedValues.Duration(node, context) is { } duration)
                {
                    announce.Set(node.Keyword == "garp_master_delay" ? "delay" : "refresh", duration, at);
                }
                break;
            case "garp_master_repeat":
                if (KeepalivedValues.Number(node, context) is { } repeat)
                {
                    announce.Set("repeat", OutScalar.Number(repeat), at);
                }
                break;
            default:
                context.NotMapped(node, "a vrrp_instance");
                break;
        }
    }

    /// <summary>
    /// notify_master/_backup/_fault of an instance or of its sync group: lvsactors runs one program per event, so a
    /// second one (keepalived runs both the instance's and the group's) is a loss.
    /// </summary>
    public static void Notify(KeepalivedNode node, OutObject cluster, ImportContext context)
    {
        var key = node.Keyword.Replace('_', '-');
        if (cluster.Has(key))
        {
            context.Report(node, $"lvsactors runs one {key} program and one is already imported; keepalived would run this one too: combine them in one script");
            return;
        }
        cluster.Set(key, ProgramPath.Command(node, node.JoinedArguments, context, out var found), Origin.Of(node), found);
    }

    /// <summary>The older <c>lvs_sync_daemon_interface IF</c> in a vrrp_instance: the sync daemon follows this instance, its id is the instance's virtual_router_id.</summary>
    private static void SyncDaemonInterface(KeepalivedNode node, KeepalivedNode instance, OutObject cluster, ImportContext context)
    {
        if (cluster.Has("sync-daemon"))
        {
            context.Note(node, "the sync daemon is already set; keepalived ignores a second lvs_sync_daemon_interface, and so did the import");
            return;
        }
        var origin = Origin.Of(node);
        var sync = new OutObject(origin).Set("interface", OutScalar.String(node.Argument ?? ""), origin);
        if (instance.Block.LastOrDefault(n => n.Keyword == "virtual_router_id") is { } vrid)
        {
            sync.Set("sync-id", new OutScalar(vrid.Argument ?? "0"), Origin.Of(vrid), $"the virtual_router_id of {instance.Argument}");
        }
        cluster.Set("sync-daemon", sync, origin, "MASTER on the director owning the VIPs, BACKUP on the others");
    }

    /// <summary>One line of virtual_ipaddress: <c>ADDRESS[/PREFIX] [dev IF] [label …] …</c>.</summary>
    private static OutObject? Vip(KeepalivedNode line, string? device, ImportContext context)
    {
        var text = line.Keyword;
        var slash = text.IndexOf('/');
        if (KeepalivedValues.Address(slash < 0 ? text : text[..slash]) is not { } address)
        {
            context.Report(line, $"\"{text}\" is not an address; not imported");
            return null;
        }
        var prefix = slash < 0 ? (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "128" : "32") : text[(slash + 1)..];
        var origin = Origin.Of(line);
        var vip = new OutObject(origin).Set("address", new OutScalar(OutScalar.Quote($"{address}/{prefix}")), origin);
        for (var i = 0; i < line.Arguments.Count; i++)
        {
            if (line.Arguments[i] == "dev" && i + 1 < line.Arguments.Count)
            {
                device = line.Arguments[++i];
            }
            else if (line.Arguments[i] == "label" && i + 1 < line.Arguments.Count)
            {
                context.Note(line, $"label {line.Arguments[++i]}: a name for the address in ip addr's listing only; not carried over");
            }
            else
            {
                context.Report(line, $"\"{line.Arguments[i]}\" has no equivalent: a VIP is an address, a prefix and an interface; the rest was not carried over");
                break;
            }
        }
        if (device is null)
        {
            context.Report(line, "no dev and no interface in the vrrp_instance: set interface for this VIP by hand");
            return vip;
        }
        return vip.Set("interface", OutScalar.String(device), origin);
    }

    /// <summary><c>lvs_sync_daemon IF [inst NAME] [id N] [maxlen N] [port N] [ttl N] [group IP]</c>, or the older <c>IF NAME [ID]</c>.</summary>
    public static OutObject SyncDaemon(KeepalivedNode node, IReadOnlyList<KeepalivedNode> instances, ImportContext context)
    {
        var origin = Origin.Of(node);
        var sync = new OutObject(origin).Set("interface", OutScalar.String(node.Argument ?? ""), origin);
        string? instance = null;
        var keys = new Dictionary<string, string> { ["id"] = "sync-id", ["maxlen"] = "max-length", ["port"] = "port", ["ttl"] = "ttl" };
        for (var i = 1; i < node.Arguments.Count; i++)
        {
            var word = node.Arguments[i];
            var value = i + 1 < node.Arguments.Count ? node.Arguments[i + 1] : null;
            if (keys.TryGetValue(word, out var key) && value is not null)
            {
                sync.Set(key, new OutScalar(value), origin);
                i++;
            }
            else if (word == "group" && value is not null)
            {
                sync.Set("group", new OutScalar(OutScalar.Quote(value)), origin);
                i++;
            }
            else if (word == "inst" && value is not null)
            {
                instance = value;
                i++;
            }
            else if (i == 1)
            {
                instance = word;
            }
            else if (i == 2 && int.TryParse(word, out _))
            {
                sync.Set("sync-id", new OutScalar(word), origin);
            }
            else
            {
                context.Report(node, $"unknown option \"{word}\"; keepalived ignores it, and so did the import");
            }
        }
        // Without an id keepalived uses the virtual_router_id of the instance it follows.
        if (!sync.Has("sync-id") && instances.FirstOrDefault(n => n.Argument == instance)?.Block.LastOrDefault(n => n.Keyword == "virtual_router_id") is { } vrid)
        {
            sync.Set("sync-id", new OutScalar(vrid.Argument ?? "0"), Origin.Of(vrid), $"the virtual_router_id of {instance}");
        }
        return sync;
    }
}
