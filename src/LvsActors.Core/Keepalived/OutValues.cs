using System.Globalization;
using System.Text;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Keepalived;

/// <summary>Where an imported value came from: the keepalived keyword and its place, for comments and for errors.</summary>
internal sealed record Origin(string Keyword, SourcePosition Position)
{
    public static Origin Of(KeepalivedNode node) => new(node.Keyword, node.Position);
}

/// <summary>A value of the HOCON being written.</summary>
internal abstract class OutValue;

/// <summary>A scalar, already in HOCON form (quoted when it needs to be).</summary>
internal sealed class OutScalar(string text) : OutValue
{
    public string Text { get; } = text;

    public static OutScalar String(string text) =>
        new(text.Length > 0 && char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && text is not ("true" or "false" or "null")
            ? text
            : Quote(text));

    public static OutScalar Number(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static OutScalar Bool(bool value) => new(value ? "true" : "false");

    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}

/// <summary>A list; scalars are written on one line, objects one under the other.</summary>
internal sealed class OutList(IEnumerable<OutValue> items) : OutValue
{
    public List<OutValue> Items { get; } = items.ToList();

    public static OutList Strings(IEnumerable<string> words) => new(words.Select(OutScalar.String));
}

/// <summary>An object whose keys keep the order they were set in, each with an optional comment and its origin.</summary>
internal sealed class OutObject(Origin? origin = null) : OutValue
{
    public sealed record Entry(string Key, OutValue Value, Origin? Origin, string? Comment);

    public List<Entry> Entries { get; } = [];

    public Origin? Origin { get; } = origin;

    /// <summary>A comment written above the object's first key.</summary>
    public string? Heading { get; set; }

    /// <summary>Sets <paramref name="key"/>, replacing an earlier value in its place (keepalived keeps the last of a repeated keyword).</summary>
    public OutObject Set(string key, OutValue value, Origin? origin, string? comment = null)
    {
        var entry = new Entry(key, value, origin, comment);
        var index = Entries.FindIndex(e => e.Key == key);
        if (index < 0)
        {
            Entries.Add(entry);
        }
        else
        {
            Entries[index] = entry;
        }
        return this;
    }

    public bool Has(string key) => Entries.Exists(e => e.Key == key);

    public OutValue? Get(string key) => Entries.Find(e => e.Key == key)?.Value;
}
