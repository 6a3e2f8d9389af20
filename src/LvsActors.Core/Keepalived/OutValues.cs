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

    private readonly List<Entry> entries = [];

    // By key as well, so that an object of thousands of virtual services is filled in linear time.
    private readonly Dictionary<string, Entry> byKey = new(StringComparer.Ordinal);

    public IReadOnlyList<Entry> Entries => entries;

    public Origin? Origin { get; } = origin;

    /// <summary>A comment written above the object's first key.</summary>
    public string? Heading { get; set; }

    /// <summary>Sets <paramref name="key"/>, replacing an earlier value in its place (keepalived keeps the last of a repeated keyword).</summary>
    public OutObject Set(string key, OutValue value, Origin? origin, string? comment = null)
    {
        var entry = new Entry(key, value, origin, comment);
        if (byKey.TryGetValue(key, out var earlier))
        {
            entries[entries.IndexOf(earlier)] = entry;
        }
        else
        {
            entries.Add(entry);
        }
        byKey[key] = entry;
        return this;
    }

    public void Remove(string key)
    {
        if (byKey.Remove(key, out var entry))
        {
            entries.Remove(entry);
        }
    }

    /// <summary>Puts the keys in the order of <paramref name="order"/>; keys it does not name come first.</summary>
    public void Order(IReadOnlyList<string> order) =>
        entries.Sort((a, b) => IndexOf(order, a.Key).CompareTo(IndexOf(order, b.Key)));

    public bool Has(string key) => byKey.ContainsKey(key);

    public OutValue? Get(string key) => byKey.GetValueOrDefault(key)?.Value;

    private static int IndexOf(IReadOnlyList<string> order, string key)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == key)
            {
                return i;
            }
        }
        return -1;
    }
}
