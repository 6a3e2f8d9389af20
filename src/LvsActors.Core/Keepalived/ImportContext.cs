namespace LvsActors.Keepalived;

/// <summary>What one import collects as it walks the keepalived tree: the reports and the named blocks others refer to.</summary>
internal sealed class ImportContext
{
    private readonly List<ImportReport> reports = [];
    private readonly HashSet<ImportReport> seen = [];

    public IReadOnlyList<ImportReport> Reports => reports;

    /// <summary>virtual_server_group blocks by name; keepalived resolves them after reading everything, so order does not matter.</summary>
    public Dictionary<string, KeepalivedNode> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Top-level track_file blocks by name, which FILE_CHECK refers to.</summary>
    public Dictionary<string, KeepalivedNode> TrackFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>track_file names some FILE_CHECK used.</summary>
    public HashSet<string> UsedTrackFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Addresses virtual_server_group ranges expanded to so far, for <see cref="KeepalivedLimits.MaxExpandedAddresses"/>.</summary>
    public int ExpandedAddresses { get; set; }

    public void Report(KeepalivedNode node, string reason) => Report(Origin.Of(node), reason);

    /// <summary>Adds a report once: a group's members share one virtual_server block, read once per member.</summary>
    public void Report(Origin origin, string reason)
    {
        var report = new ImportReport(origin.Position, origin.Keyword, reason);
        if (seen.Add(report))
        {
            reports.Add(report);
        }
    }

    /// <summary>Reports a statement the current block has no mapping for, with the reason the keyword table gives.</summary>
    public void NotMapped(KeepalivedNode node, string block)
    {
        // A quoted "" makes an empty keyword.
        var reason = node.Keyword.FirstOrDefault() switch
        {
            '\0' => $"an empty keyword (\"\") means nothing to keepalived in {block}; not carried over",
            '$' => "parameter definitions are not expanded: values that use this parameter were imported as written; substitute them by hand or with HOCON's ${…}",
            '@' => "conditional configuration (@instance) is not evaluated: this line was not imported; import each instance's file separately",
            _ when KeepalivedKeywords.Table.TryGetValue(node.Keyword, out var known) && known.Handling == KeywordHandling.Reported => known.Meaning,
            _ => $"not carried over: keepalived takes no {node.Keyword} in {block}, or it is a keyword this importer does not know",
        };
        Report(node, reason);
    }
}
