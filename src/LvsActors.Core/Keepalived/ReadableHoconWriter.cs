using System.Text;

namespace LvsActors.Keepalived;

/// <summary>
/// Writes an <see cref="OutObject"/> tree as indented, commented HOCON for people to read and keep, and remembers which
/// keepalived statement each written line came from, so that a validation error in the output points back at it.
/// </summary>
internal sealed class ReadableHoconWriter
{
    private readonly StringBuilder text = new();
    private readonly List<Origin?> lineOrigins = [null];

    /// <summary>The origin of each written line, by its 1-based number.</summary>
    public IReadOnlyList<Origin?> LineOrigins => lineOrigins;

    public string Text => text.ToString();

    public void Comment(string comment, int depth = 0)
    {
        foreach (var line in comment.Split('\n'))
        {
            Line(depth, line.Length == 0 ? "#" : "# " + line, null);
        }
    }

    public void Object(string key, OutObject obj, int depth, Origin? origin = null)
    {
        origin = obj.Origin ?? origin;
        Line(depth, key + " {", origin);
        Body(obj, depth + 1);
        Line(depth, "}", origin);
    }

    private void Body(OutObject obj, int depth)
    {
        if (obj.Heading is not null)
        {
            Comment(obj.Heading, depth);
        }
        foreach (var entry in obj.Entries)
        {
            var origin = entry.Origin ?? obj.Origin;
            if (entry.Comment is not null && entry.Value is OutObject or OutList { Items: [OutObject, ..] })
            {
                Comment(entry.Comment, depth);
            }
            var trailing = entry.Comment is not null && entry.Value is not (OutObject or OutList { Items: [OutObject, ..] }) ? "   # " + entry.Comment : "";
            switch (entry.Value)
            {
                case OutObject o:
                    Object(entry.Key, o, depth, origin);
                    break;
                case OutList { Items: [OutObject, ..] } l:
                    Line(depth, entry.Key + " = [", origin);
                    foreach (var item in l.Items.Cast<OutObject>())
                    {
                        Line(depth + 1, "{", item.Origin ?? origin);
                        Body(item, depth + 2);
                        Line(depth + 1, "}", item.Origin ?? origin);
                    }
                    Line(depth, "]", origin);
                    break;
                case OutList l:
                    Line(depth, $"{entry.Key} = [{string.Join(", ", l.Items.Cast<OutScalar>().Select(s => s.Text))}]{trailing}", origin);
                    break;
                case OutScalar s:
                    Line(depth, $"{entry.Key} = {s.Text}{trailing}", origin);
                    break;
            }
        }
    }

    private void Line(int depth, string content, Origin? origin)
    {
        text.Append(' ', depth * 2).Append(content).Append('\n');
        lineOrigins.Add(origin);
    }
}
