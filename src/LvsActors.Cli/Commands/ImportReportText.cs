using System.Text;
using LvsActors.Keepalived;

namespace LvsActors.Cli.Commands;

/// <summary>
/// What <c>import-keepalived</c> prints on stderr: every loss on its own line, then the notes, those with the same
/// keyword and reason folded into one line with their count, so that forty <c>virtual_router_id</c>s do not hide a lost service.
/// </summary>
internal static class ImportReportText
{
    /// <summary>At most this many further places are named on a folded note's line; the count says how many there are.</summary>
    private const int PlacesShown = 3;

    public static string Format(KeepalivedImport import)
    {
        var text = new StringBuilder();
        var losses = import.Losses;
        if (losses.Count > 0)
        {
            text.Append($"{losses.Count} loss(es): keepalived would do this, the HOCON does not (exit 3):\n");
            foreach (var loss in losses)
            {
                text.Append(loss).Append('\n');
            }
        }
        var notes = import.Notes.GroupBy(n => (n.Keyword, n.Reason)).ToList();
        if (notes.Count > 0)
        {
            text.Append($"{import.Notes.Count} note(s): keepalived mechanics with no meaning here, nothing lost:\n");
            foreach (var group in notes)
            {
                var first = group.First();
                text.Append(first);
                if (group.Count() > 1)
                {
                    var more = group.Skip(1).Select(n => n.Position.ToString()).ToList();
                    var shown = string.Join(", ", more.Take(PlacesShown)) + (more.Count > PlacesShown ? ", …" : "");
                    text.Append($" ({group.Count()} times; also {shown})");
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}
