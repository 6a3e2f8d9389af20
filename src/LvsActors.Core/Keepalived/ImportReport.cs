using LvsActors.Configuration.Hocon;

namespace LvsActors.Keepalived;

/// <summary>Whether a reported statement costs the imported configuration something keepalived would have done.</summary>
public enum ReportKind
{
    /// <summary>Something keepalived would do that the HOCON does not: a service, a real server, a check, a script, a VIP.</summary>
    Loss,

    /// <summary>Mechanics with no meaning here (router_id, VRRP ids, mail): nothing the directors do changes.</summary>
    Note,
}

/// <summary>One keepalived statement the import could not carry over (or not exactly): where, which keyword, why, and whether it is a loss.</summary>
public sealed record ImportReport(SourcePosition Position, string Keyword, string Reason, ReportKind Kind = ReportKind.Loss)
{
    /// <summary><c>file:line: keyword: why</c> for a loss, <c>file:line: note: keyword: why</c> for a note: the form compilers use so editors can jump to it.</summary>
    public override string ToString() => $"{Position}: {(Kind == ReportKind.Note ? "note: " : "")}{Shown(Keyword)}: {Reason}";

    /// <summary>A keyword as messages show it: a quoted empty one (<c>"" {</c>) as <c>""</c>, not as nothing.</summary>
    internal static string Shown(string keyword) => keyword.Length == 0 ? "\"\"" : keyword;
}

/// <summary>
/// The outcome of importing a keepalived.conf: the HOCON (null only on a syntax error), what could not be carried over,
/// and the syntax error that stopped the import, if any.
/// </summary>
public sealed record KeepalivedImport(string? Hocon, IReadOnlyList<ImportReport> Reports, ImportReport? SyntaxError)
{
    /// <summary>The reports that are losses: something keepalived would do that the HOCON does not.</summary>
    public IReadOnlyList<ImportReport> Losses => Reports.Where(r => r.Kind == ReportKind.Loss).ToList();

    /// <summary>The reports that are notes: mechanics with no meaning here.</summary>
    public IReadOnlyList<ImportReport> Notes => Reports.Where(r => r.Kind == ReportKind.Note).ToList();

    /// <summary>True when nothing keepalived would do was lost and the result validates (notes may remain).</summary>
    public bool IsComplete => SyntaxError is null && Reports.All(r => r.Kind == ReportKind.Note);
}
