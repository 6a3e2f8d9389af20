namespace LvsActors.Configuration.Hocon;

// The parser builds these while it reads, because HOCON lets later text merge into or replace earlier keys and
// substitutions can only be resolved once the whole document is known. They are frozen into HoconNode records
// afterwards. A scalar is final when read: the parser makes it a HoconScalar at once, which the frozen tree keeps.

/// <summary>A value of the tree being read: a <see cref="HoconScalar"/>, or one of the mutable nodes below.</summary>
internal interface IMValue
{
    SourcePosition Position { get; }
}

internal sealed class MArray(SourcePosition position, List<IMValue> items) : IMValue
{
    public SourcePosition Position { get; } = position;
    public List<IMValue> Items { get; } = items;

    /// <summary>The resolver's answer for this list: itself when no item changed, else its copy.</summary>
    public MArray? ResolvedAs { get; set; }
}

/// <summary><c>${path}</c> or <c>${?path}</c>.</summary>
internal sealed class MSubstitution(SourcePosition position, string path, bool optional) : IMValue
{
    public SourcePosition Position { get; } = position;
    public string Path { get; } = path;
    public bool Optional { get; } = optional;
}

/// <summary>Several values written side by side on one line: strings join, objects merge, arrays append.</summary>
internal sealed class MConcat(SourcePosition position, List<IMValue> parts) : IMValue
{
    public SourcePosition Position { get; } = position;
    public List<IMValue> Parts { get; } = parts;
}

internal sealed class MObject(SourcePosition position) : IMValue
{
    public SourcePosition Position { get; } = position;

    // Most objects of a table hold two or three keys (a real server's address and checks): searched in order, they
    // need no dictionary. One is built beside the entries once an object holds more than this many.
    private const int Indexed = 8;

    // Keys in the order first written. A removed key stays as an entry without a value until the next key is
    // added: removing each at once would shift the entries under a caller walking them by index. Three to start:
    // a real server's address, weight and checks fit without growing, and growing copies.
    private Entry[] _entries = new Entry[3];
    private int _slots;
    private int _count;
    private Dictionary<string, int>? _index;

    private struct Entry
    {
        public string Key;
        public SourcePosition KeyPosition;
        public IMValue? Value;
    }

    public IEnumerable<(string Key, SourcePosition KeyPosition, IMValue Value)> Fields
    {
        get
        {
            for (var i = 0; i < _slots; i++)
            {
                if (_entries[i].Value is { } value)
                {
                    yield return (_entries[i].Key, _entries[i].KeyPosition, value);
                }
            }
        }
    }

    /// <summary>How many fields there are.</summary>
    public int Count => _count;

    /// <summary>The resolver went through this object's values.</summary>
    public bool Resolved { get; set; }

    /// <summary>
    /// How many keys <see cref="KeyAt"/> can name, removed ones included: look each up with <see cref="TryGet"/>.
    /// Walking these instead of <see cref="Fields"/> allocates nothing, which counts for a table of thousands of objects.
    /// </summary>
    public int Slots => _slots;

    /// <summary>The key in slot <paramref name="slot"/> (see <see cref="Slots"/>).</summary>
    public string KeyAt(int slot) => _entries[slot].Key;

    public bool TryGet(string key, out SourcePosition keyPosition, out IMValue value)
    {
        var slot = Find(key);
        if (slot < 0)
        {
            (keyPosition, value) = (default, null!);
            return false;
        }
        (keyPosition, value) = (_entries[slot].KeyPosition, _entries[slot].Value!);
        return true;
    }

    public IMValue? Get(string key) => Find(key) is var slot and >= 0 ? _entries[slot].Value : null;

    public void Remove(string key)
    {
        var slot = Find(key);
        if (slot >= 0)
        {
            _entries[slot].Value = null;
            _index?.Remove(key);
            _count--;
        }
    }

    /// <summary>Sets a key the HOCON way: an object written over an object merges into it, anything else replaces.</summary>
    public void Set(string key, SourcePosition keyPosition, IMValue value)
    {
        var slot = Find(key);
        if (slot >= 0)
        {
            if (_entries[slot].Value is MObject older && value is MObject newer)
            {
                older.MergeFrom(newer);
                return;
            }
            _entries[slot].KeyPosition = keyPosition;
            _entries[slot].Value = value;
            return;
        }
        Add(key, keyPosition, value);
    }

    public void Replace(string key, IMValue value) => _entries[Find(key)].Value = value;

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
            var slot = Find(key);
            if (slot >= 0 && _entries[slot].Value is MObject older && value is MObject newer)
            {
                var combined = new MObject(older.Position);
                written += combined.MergeCopying(older) + combined.MergeCopying(newer);
                _entries[slot].KeyPosition = position;
                _entries[slot].Value = combined;
            }
            else if (slot >= 0)
            {
                _entries[slot].KeyPosition = position;
                _entries[slot].Value = value;
            }
            else
            {
                Add(key, position, value);
            }
        }
        return written;
    }

    // The slot of a key that has a value, or −1.
    private int Find(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var slot) ? slot : -1;
        }
        for (var i = 0; i < _slots; i++)
        {
            if (_entries[i].Value is not null && _entries[i].Key == key)
            {
                return i;
            }
        }
        return -1;
    }

    private void Add(string key, SourcePosition keyPosition, IMValue value)
    {
        if (_count < _slots)
        {
            Compact();
        }
        if (_slots == _entries.Length)
        {
            Array.Resize(ref _entries, _slots * 2);
        }
        _entries[_slots] = new Entry { Key = key, KeyPosition = keyPosition, Value = value };
        _index?.Add(key, _slots);
        _slots++;
        _count++;
        if (_index is null && _count > Indexed)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _slots; i++)
            {
                _index.Add(_entries[i].Key, i);
            }
        }
    }

    // Drops the entries of removed keys, keeping the order of the others.
    private void Compact()
    {
        var kept = 0;
        for (var i = 0; i < _slots; i++)
        {
            if (_entries[i].Value is not null)
            {
                _entries[kept++] = _entries[i];
            }
        }
        Array.Clear(_entries, kept, _slots - kept);
        _slots = kept;
        if (_index is not null)
        {
            _index.Clear();
            for (var i = 0; i < _slots; i++)
            {
                _index.Add(_entries[i].Key, i);
            }
        }
    }
}
