using System.Text;

namespace LvsActors.Configuration.Hocon;

/// <summary>
/// Writes a parsed tree back as HOCON text with every string quoted, so that a section we parsed (with includes and
/// substitutions already resolved) can be handed to Akka.NET's own configuration reader unchanged in meaning.
/// </summary>
public static class HoconWriter
{
    public static string Write(HoconNode node)
    {
        var text = new StringBuilder();
        Append(text, node, 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, HoconNode node, int depth)
    {
        switch (node)
        {
            case HoconObject o:
                text.Append("{\n");
                foreach (var field in o.Fields)
                {
                    text.Append(' ', (depth + 1) * 2).Append(Quote(field.Key)).Append(" = ");
                    Append(text, field.Value, depth + 1);
                    text.Append('\n');
                }
                text.Append(' ', depth * 2).Append('}');
                break;
            case HoconArray a:
                text.Append('[');
                for (var i = 0; i < a.Items.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Append(text, a.Items[i], depth + 1);
                }
                text.Append(']');
                break;
            case HoconScalar { Quoted: false } s when s.Text is "true" or "false" or "null" || double.TryParse(s.Text, System.Globalization.CultureInfo.InvariantCulture, out _):
                text.Append(s.Text);
                break;
            case HoconScalar s:
                text.Append(Quote(s.Text));
                break;
        }
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
