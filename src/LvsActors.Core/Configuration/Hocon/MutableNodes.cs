namespace LvsActors.Configuration.Hocon;

// The parser builds these while it reads, because HOCON lets later text merge into or replace earlier keys and
// substitutions can only be resolved once the whole document is known. They are frozen into HoconNode records afterwards.

internal abstract class MValue(SourcePosition position)
{
    public SourcePosition Position { get; set; } = position;
}

internal sealed class MScalar(SourcePosition position, string text, bool quoted) : MValue(position)
{
    public string Text { get; } = text;
    public bool Quoted { get; } = quoted;
}

internal sealed class MArray(SourcePosition position, List<MValue> items) : MValue(position)
{
    public List<MValue> Items { get; } = items;
}

/// <summary><c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed class MSubstitution(SourcePosition position, string path, bool optional) : MValue(position)
{
    public string Path { get; } = path;
    public bool Optional { get; } = optional;
}

/// <summary>Several values written side by side on one line: strings join, objects merge, arrays append.</summary>
internal sealed class MConcat(SourcePosition position, List<MValue> parts) : MValue(position)
{
    public List<MValue> Parts { get; } = parts;
}

internal sealed class MObject(SourcePosition position) : MValue(position)
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, (SourcePosition KeyPosition, MValue Value)> _fields = new(StringComparer.Ordinal);
    // Keys removed from _fields but still in _order: removing each at once would cost a pass over _order per key.
    private int _stale;

    public IEnumerable<(string Key, SourcePosition KeyPosition, MValue Value)> Fields
    {
        get
        {
            foreach (var key in _order)
            {
                if (_fields.TryGetValue(key, out var entry))
                {
                    yield return (key, entry.KeyPosition, entry.Value);
                }
            }
        }
    }

    /// <summary>How many fields there are.</summary>
    public int Count => _fields.Count;

    /// <summary>
    /// The keys in the order first written, removed ones included: look each up with <see cref="TryGet"/>. Walking
    /// these instead of <see cref="Fields"/> allocates nothing, which counts for a table of thousands of objects.
    /// </summary>
    public IReadOnlyList<string> Keys => _order;

    public bool TryGet(string key, out SourcePosition keyPosition, out MValue value)
    {
        var found = _fields.TryGetValue(key, out var entry);
        (keyPosition, value) = entry;
        return found;
    }

    public MValue? Get(string key) => _fields.TryGetValue(key, out var f) ? f.Value : null;

    public void Remove(string key)
    {
        if (_fields.Remove(key))
        {
            _stale++;
        }
    }

    /// <summary>Sets a key the HOCON way: an object written over an object merges into it, anything else replaces.</summary>
    public void Set(string key, SourcePosition keyPosition, MValue value)
    {
        if (_fields.TryGetValue(key, out var existing))
        {
            if (existing.Value is MObject older && value is MObject newer)
            {
                older.MergeFrom(newer);
                return;
            }
            _fields[key] = (keyPosition, value);
            return;
        }
        Add(key, keyPosition, value);
    }

    public void Replace(string key, MValue value) => _fields[key] = (_fields[key].KeyPosition, value);

    public void MergeFrom(MObject other)
    {
        foreach (var (key, position, value) in other.Fields.ToList())
        {
            Set(key, position, value);
        }
    }

    /// <summary>
    /// Merges like <see cref="MergeFrom"/> but changes neither <paramref name="other"/> nor any object already held
    /// here: resolved substitutions share objects, and merging into a shared one would change every key holding it.
    /// Returns the number of fields written, for the resolver's budget.
    /// </summary>
    public long MergeCopying(MObject other)
    {
        long written = 0;
        foreach (var (key, position, value) in other.Fields)
        {
            written++;
            if (_fields.TryGetValue(key, out var existing) && existing.Value is MObject older && value is MObject newer)
            {
                var combined = new MObject(older.Position);
                written += combined.MergeCopying(older) + combined.MergeCopying(newer);
                _fields[key] = (position, combined);
            }
            else if (_fields.ContainsKey(key))
            {
                _fields[key] = (position, value);
            }
            else
            {
                Add(key, position, value);
            }
        }
        return written;
    }

    private void Add(string key, SourcePosition keyPosition, MValue value)
    {
        if (_stale > 0)
        {
            _order.RemoveAll(k => !_fields.ContainsKey(k));
            _stale = 0;
        }
        _order.Add(key);
        _fields[key] = (keyPosition, value);
    }
}
