namespace LvsActors.Configuration;

/// <summary>
/// The keys that sections bound alike declare, in the order they declare them: the items of one list
/// (real-servers, checks), the objects under one key of such items (each real server's checks), the named objects
/// of one object (virtual services). A <see cref="Section"/> follows its pattern, keeping only how far, until it
/// declares differently and takes a copy of its own; ten thousand real servers then share one list of keys instead
/// of allocating one each.
/// </summary>
internal sealed class KeyPattern
{
    private Dictionary<string, KeyPattern>? _children;

    /// <summary>The keys in the order the first section to declare them did.</summary>
    public List<string> Keys { get; } = new(8);

    /// <summary>The pattern of the objects under <paramref name="key"/> of sections that follow this one.</summary>
    public KeyPattern Child(string key)
    {
        _children ??= new Dictionary<string, KeyPattern>(StringComparer.Ordinal);
        if (!_children.TryGetValue(key, out var child))
        {
            child = new KeyPattern();
            _children.Add(key, child);
        }
        return child;
    }
}
