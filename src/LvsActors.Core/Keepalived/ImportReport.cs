using LvsActors.Configuration.Hocon;

namespace LvsActors.Keepalived;

/// <summary>One keepalived statement the import could not carry over (or not exactly): where, which keyword, and why.</summary>
public sealed record ImportReport(SourcePosition Position, string Keyword, string Reason)
{
    /// <summary><c>file:line: keyword: why</c>, the form compilers use so editors can jump to it.</summary>
    public override string ToString() => $"{Position}: {Shown(Keyword)}: {Reason}";

    /// <summary>A keyword as messages show it: a quoted empty one (<c>"" {</c>) as <c>""</c>, not as nothing.</summary>
    internal static string Shown(string keyword) => keyword.Length == 0 ? "\"\"" : keyword;
}

/// <summary>
/// The outcome of importing a keepalived.conf: the HOCON (null only on a syntax error), what could not be carried over,
/// and the syntax error that stopped the import, if any.
/// </summary>
public sealed record KeepalivedImport(string? Hocon, IReadOnlyList<ImportReport> Reports, ImportReport? SyntaxError)
{
    /// <summary>True when every statement was carried over and the result validates.</summary>
    public bool IsComplete => SyntaxError is null && Reports.Count == 0;
}
