using LvsActors.Configuration;

namespace LvsActors.Keepalived;

/// <summary>
/// Turns a keepalived.conf into the equivalent lvsactors HOCON: every virtual_server (with its groups, real servers and
/// checkers) becomes a virtual service, the first vrrp_instance and lvs_sync_daemon become <c>lvs.cluster</c>. Whatever
/// has no equivalent is reported with its file:line, never dropped; the result is validated and what our validator
/// refuses is reported at the keepalived statement it came from. Reads no files: includes come through the resolver.
/// </summary>
public static class KeepalivedImporter
{
    /// <summary>Imports <paramref name="text"/>, read from <paramref name="file"/>.</summary>
    /// <param name="findProgram">Finds a program named without a directory; PATH when null.</param>
    public static KeepalivedImport Import(string text, string file, KeepalivedIncludeResolver? include = null, ProgramFinder? findProgram = null) =>
        Import(new IncludedFile(text, file), include, findProgram);

    /// <summary>
    /// Imports <paramref name="main"/>. Never throws for what the files hold: a syntax error or a limit of
    /// <see cref="KeepalivedLimits"/> passed comes back as <see cref="KeepalivedImport.SyntaxError"/>.
    /// </summary>
    /// <param name="findProgram">Finds a program named without a directory; PATH when null.</param>
    public static KeepalivedImport Import(IncludedFile main, KeepalivedIncludeResolver? include = null, ProgramFinder? findProgram = null)
    {
        try
        {
            var context = new ImportContext(findProgram ?? ProgramPath.OnPath);
            return Map(KeepalivedParser.Parse(main, include, context.Parsed), main.File, context);
        }
        catch (KeepalivedSyntaxException e)
        {
            return new KeepalivedImport(null, [], new ImportReport(e.Position, e.Keyword, e.Reason));
        }
    }

    private static KeepalivedImport Map(IReadOnlyList<KeepalivedNode> statements, string file, ImportContext context)
    {
        foreach (var node in statements)
        {
            if (node.Keyword == "virtual_server_group" && node.Argument is { } name)
            {
                context.Groups[name] = node;
            }
            if (node.Keyword == "vrrp_script" && node.Argument is { } script)
            {
                context.Scripts[script] = node;
            }
            if (node.Keyword is "track_file" or "vrrp_track_file" && node.Argument is { } tracked)
            {
                context.TrackFiles[tracked] = node;
            }
        }
        var lvs = MapTopLevel(statements, context);
        var writer = new ReadableHoconWriter();
        writer.Comment($"Imported from {file} by lvsactors import-keepalived.\nEach virtual service names the keepalived statement it came from.");
        writer.Object("lvs", lvs, 0);
        var hocon = writer.Text;
        ReportRefusals(hocon, file, writer.LineOrigins, context);
        var reports = context.Reports.OrderBy(r => r.Position.File, StringComparer.Ordinal).ThenBy(r => r.Position.Line).ToList();
        return new KeepalivedImport(hocon, reports, null);
    }

    private static OutObject MapTopLevel(IReadOnlyList<KeepalivedNode> statements, ImportContext context)
    {
        var lvs = new OutObject();
        var instances = statements.Where(n => n.Keyword == "vrrp_instance").ToList();
        var syncGroup = instances.Count > 0 ? SyncGroupMapper.GroupOf(instances[0], statements) : null;
        var moving = syncGroup is null ? [] : SyncGroupMapper.Names(syncGroup);
        var members = instances.Skip(1).Where(i => moving.Contains(i.Argument ?? "")).ToList();
        var cluster = instances.Count > 0 ? VrrpMapper.Map(instances[0], members, context) : null;
        if (syncGroup is not null)
        {
            SyncGroupMapper.Map(syncGroup, cluster!, context);
        }
        OutObject? director = null;
        var services = new OutObject();
        var suffixes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in statements)
        {
            switch (node.Keyword)
            {
                case "virtual_server":
                    foreach (var (key, service) in VirtualServerMapper.Map(node, context))
                    {
                        services.Set(UniqueName(services, suffixes, key, service), service, key.Origin);
                    }
                    break;
                case "vrrp_instance" when node == instances[0] || members.Contains(node):
                    break;
                case "vrrp_sync_group" when node == syncGroup:
                    break;
                case "vrrp_sync_group" when instances.Count == 0:
                    context.Note(node, "a sync group without any vrrp_instance in the file moves nothing; not imported");
                    break;
                case "vrrp_sync_group":
                    context.Note(node, $"a second sync group: its instances are reported where they are written, as instances outside {instances[0].Argument}'s group");
                    break;
                case "vrrp_script":
                    // Mapped through the track_script that names it; an unused one is noted below.
                    break;
                case "vrrp_instance":
                    context.Report(node, $"one cluster moves every VIP together; the VIPs of this instance, outside {instances[0].Argument}'s sync group, were not imported (add them to vips if they should move with {instances[0].Argument})");
                    break;
                case "global_defs":
                    foreach (var option in node.Block)
                    {
                        if (option.Keyword == "lvs_sync_daemon")
                        {
                            cluster ??= new OutObject(Origin.Of(option));
                            cluster.Set("sync-daemon", VrrpMapper.SyncDaemon(option, instances, context), Origin.Of(option), "MASTER on the director owning the VIPs, BACKUP on the others");
                        }
                        else if (option.Keyword is "process_priority" or "vrrp_priority")
                        {
                            director = PriorityMapper.Nice(option, director, context);
                        }
                        else if (option.Keyword is "vrrp_rt_priority" or "checker_rt_priority")
                        {
                            director = PriorityMapper.Realtime(option, director, context);
                        }
                        else
                        {
                            context.NotMapped(option, "global_defs");
                        }
                    }
                    break;
                case "virtual_server_group":
                    break;
                case "track_file" or "vrrp_track_file":
                    // Mapped through the FILE_CHECKs that name it; an unused one is reported below.
                    break;
                default:
                    context.NotMapped(node, "the top level");
                    break;
            }
        }
        foreach (var (name, node) in context.Scripts.Where(t => !context.UsedScripts.Contains(t.Key)))
        {
            context.Note(node, $"no imported track_script names vrrp_script {name}; keepalived runs it only for the instances that track it");
        }
        foreach (var (name, node) in context.TrackFiles.Where(t => !context.UsedTrackFiles.Contains(t.Key)))
        {
            context.Report(node, $"no FILE_CHECK uses track_file {name}; a vrrp_instance's track_file has no equivalent");
        }
        if (cluster is not null)
        {
            lvs.Set("cluster", cluster, cluster.Origin);
        }
        if (director is not null)
        {
            lvs.Set("director", director, director.Origin);
        }
        lvs.Set("virtual-services", services, null);
        return lvs;
    }

    /// <summary>The service's name from its key; UDP and SCTP services on a TCP service's address get the protocol appended.</summary>
    private static string UniqueName(OutObject services, Dictionary<string, int> suffixes, ServiceKey key, OutObject service)
    {
        var name = key.Name;
        if (service.Get("protocol") is OutScalar { Text: var protocol and not "tcp" })
        {
            name += "-" + protocol;
        }
        if (!services.Has(name))
        {
            return name;
        }
        // The next suffix to try is remembered, so that a thousand services on one key are named in linear time.
        var n = suffixes.GetValueOrDefault(name, 2);
        while (services.Has($"{name}-{n}"))
        {
            n++;
        }
        suffixes[name] = n + 1;
        return $"{name}-{n}";
    }

    /// <summary>Validates the output; each error is reported at the keepalived statement its line was written from.</summary>
    private static void ReportRefusals(string hocon, string file, IReadOnlyList<Origin?> lineOrigins, ImportContext context)
    {
        var result = LvsConfigLoader.Load(hocon, "imported.conf");
        foreach (var error in result.Errors)
        {
            var line = error.Position?.Line ?? 0;
            var origin = line > 0 && line < lineOrigins.Count ? lineOrigins[line] : null;
            origin ??= new Origin("virtual_server", new(file, 1));
            var key = error.KeyPath.Length > 0 ? $" ({error.KeyPath})" : "";
            context.Report(origin, $"lvsactors refuses this{key}: {error.Message}");
        }
    }
}
