using System.Collections;

namespace LvsActors.Model;

/// <summary>
/// An immutable list that compares by its items, so that records holding lists compare by value: a reload must see
/// that an unchanged service or checker is unchanged.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    /// <summary>The empty list.</summary>
    public static readonly ValueList<T> Empty = new([]);

    public ValueList(IEnumerable<T> items) => _items = items.ToArray();

    // Takes the array itself: only for one built to be this list's and never touched again (the binders' exact-size arrays).
    private ValueList(T[] items, bool _) => _items = items;

    /// <summary>A list over <paramref name="items"/> without copying it; the caller gives the array up.</summary>
    internal static ValueList<T> Adopt(T[] items) => new(items, true);

    public T this[int index] => _items[index];
    public int Count => _items.Length;
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _items)}]";

    public static implicit operator ValueList<T>(T[] items) => new(items);
    public static implicit operator ValueList<T>(List<T> items) => new(items);
}
