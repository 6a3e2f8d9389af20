namespace LvsActors.Keepalived;

/// <summary>What one import collects as it walks the keepalived tree: the reports and the named blocks others refer to.</summary>
internal sealed class ImportContext(ProgramFinder findProgram)
{
    private readonly List<ImportReport> reports = [];
    private readonly HashSet<ImportReport> seen = [];

    public IReadOnlyList<ImportReport> Reports => reports;

    /// <summary>Adds what the parser reports (an include matching nothing, a parameter it could not expand).</summary>
    public void Parsed(ImportReport report) => Report(new Origin(report.Keyword, report.Position), report.Reason, report.Kind);

    /// <summary>virtual_server_group blocks by name; keepalived resolves them after reading everything, so order does not matter.</summary>
    public Dictionary<string, KeepalivedNode> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Top-level track_file blocks by name, which FILE_CHECK refers to.</summary>
    public Dictionary<string, KeepalivedNode> TrackFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Finds a program named without a directory (misc_path, notify, track scripts) on PATH.</summary>
    public ProgramFinder FindProgram { get; } = findProgram;

    /// <summary>Top-level vrrp_script blocks by name, which track_script refers to.</summary>
    public Dictionary<string, KeepalivedNode> Scripts { get; } = new(StringComparer.Ordinal);

    /// <summary>vrrp_script names some imported track_script used.</summary>
    public HashSet<string> UsedScripts { get; } = new(StringComparer.Ordinal);

    /// <summary>track_file names some FILE_CHECK used.</summary>
    public HashSet<string> UsedTrackFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Addresses virtual_server_group ranges expanded to so far, for <see cref="KeepalivedLimits.MaxExpandedAddresses"/>.</summary>
    public int ExpandedAddresses { get; set; }

    /// <summary>Reports a loss: something keepalived would do that the HOCON does not.</summary>
    public void Report(KeepalivedNode node, string reason) => Report(Origin.Of(node), reason);

    /// <summary>Reports a note: mechanics without meaning here, which cost the directors nothing.</summary>
    public void Note(KeepalivedNode node, string reason) => Report(Origin.Of(node), reason, ReportKind.Note);

    /// <summary>Adds a report once: a group's members share one virtual_server block, read once per member.</summary>
    public void Report(Origin origin, string reason, ReportKind kind = ReportKind.Loss)
    {
        var report = new ImportReport(origin.Position, origin.Keyword, reason, kind);
        if (seen.Add(report))
        {
            reports.Add(report);
        }
    }

    /// <summary>Reports a statement the current block has no mapping for, with the reason the keyword table gives.</summary>
    public void NotMapped(KeepalivedNode node, string block)
    {
        if (KeepalivedKeywords.Table.TryGetValue(node.Keyword, out var rule) && rule.Handling == KeywordHandling.Noted)
        {
            Note(node, rule.Meaning);
            return;
        }
        // A quoted "" makes an empty keyword.
        var reason = node.Keyword.FirstOrDefault() switch
        {
            '\0' => $"an empty keyword (\"\") means nothing to keepalived in {block}; not carried over",
            '$' => "a parameter that names no definition ($NAME=value before it): keepalived leaves it as written, which is no keyword; not carried over",
            '~' => "~SEQ and ~LST are not expanded: the lines they generate were not imported; write them out",
            '@' => "conditional configuration (@instance) is not evaluated: this line was not imported; import each instance's file separately",
            _ when KeepalivedKeywords.Table.TryGetValue(node.Keyword, out var known) && known.Handling == KeywordHandling.Reported => known.Meaning,
            _ => $"not carried over: keepalived takes no {node.Keyword} in {block}, or it is a keyword this importer does not know",
        };
        Report(node, reason);
    }
}
