namespace LvsActors.Keepalived;

/// <summary>
/// vrrp_sync_group: its instances change state together, as the VIPs of one lvsactors cluster move together. The group
/// holding the first vrrp_instance gives the cluster its other instances (their VIPs and tracks) and its own notify
/// programs and tracks; the instances of any other group are reported with the other instances.
/// </summary>
internal static class SyncGroupMapper
{
    /// <summary>The sync group naming <paramref name="instance"/>, if any.</summary>
    public static KeepalivedNode? GroupOf(KeepalivedNode instance, IReadOnlyList<KeepalivedNode> statements) =>
        statements.FirstOrDefault(n => n.Keyword == "vrrp_sync_group" && Names(n).Contains(instance.Argument ?? ""));

    /// <summary>The instances a sync group names, from its <c>group { VI_1 VI_2 }</c> block.</summary>
    public static IReadOnlyList<string> Names(KeepalivedNode group) =>
        group.Block.Where(n => n.Keyword == "group").SelectMany(g => g.Block).SelectMany(n => (IEnumerable<string>)[n.Keyword, .. n.Arguments]).ToList();

    /// <summary>The group's own statements onto the cluster.</summary>
    public static void Map(KeepalivedNode group, OutObject cluster, ImportContext context)
    {
        foreach (var node in group.Block)
        {
            switch (node.Keyword)
            {
                case "group":
                    break;
                case "notify_master" or "notify_backup" or "notify_fault":
                    VrrpMapper.Notify(node, cluster, context);
                    break;
                case "track_interface" or "track_script":
                    VrrpTracks.Map(node, cluster, context);
                    break;
                case "global_tracking" or "sync_group_tracking_weight":
                    context.Note(node, "one cluster tracks for all its VIPs already");
                    break;
                case "track_file":
                    context.Report(node, "no equivalent yet: a director cannot track files; its VIPs do not move when the file changes");
                    break;
                default:
                    context.NotMapped(node, "a vrrp_sync_group");
                    break;
            }
        }
    }
}
