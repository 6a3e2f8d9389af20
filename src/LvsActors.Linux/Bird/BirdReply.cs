namespace LvsActors.Linux.Bird;

/// <summary>One line of a BIRD control-socket reply: its four-digit code (a continuation line repeats the one before) and text.</summary>
public sealed record BirdLine(int Code, string Text);

/// <summary>
/// A whole reply of BIRD's control socket to one command, up to and including its last line. Codes 0xxx say what was
/// done, 1xxx and 2xxx carry tables, 8xxx are run-time errors and 9xxx parse errors (BIRD's doc/reply_codes).
/// </summary>
public sealed record BirdReply(IReadOnlyList<BirdLine> Lines)
{
    /// <summary>The code of the last line: the outcome.</summary>
    public int Code => Lines.Count == 0 ? 0 : Lines[^1].Code;

    /// <summary>True when BIRD refused the command or failed it.</summary>
    public bool IsError => Lines.Any(l => l.Code >= 8000);

    /// <summary>The text of the error lines, or of the last line.</summary>
    public string Message => IsError
        ? string.Join("; ", Lines.Where(l => l.Code >= 8000).Select(l => l.Text.Trim()))
        : Lines.Count == 0 ? "" : Lines[^1].Text.Trim();
}

/// <summary>A protocol as `show protocols` lists it: e.g. lvs_router1, BGP, up, "Established".</summary>
public sealed record BirdProtocol(string Name, string Kind, string State, string Info)
{
    /// <summary>A BGP session that exchanges routes (BIRD's Info column says Established).</summary>
    public bool IsEstablished => State == "up" && Info.StartsWith("Established", StringComparison.Ordinal);

    /// <summary>The rows of a `show protocols` reply (code 1002); header (2002) and end lines skipped.</summary>
    public static IReadOnlyList<BirdProtocol> ParseTable(BirdReply reply)
    {
        var rows = new List<BirdProtocol>();
        foreach (var line in reply.Lines.Where(l => l.Code == 1002))
        {
            // Name, Proto, Table, State, Since (one word: a time, or a date once it is older than a day), Info.
            var words = line.Text.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length >= 4)
            {
                rows.Add(new BirdProtocol(words[0], words[1], words[3], words.Length == 6 ? words[5] : ""));
            }
        }
        return rows;
    }
}
