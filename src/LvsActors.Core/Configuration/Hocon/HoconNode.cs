namespace LvsActors.Configuration.Hocon;

/// <summary>Where a piece of HOCON text came from: the file and the 1-based line.</summary>
public readonly record struct SourcePosition(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>A parsed HOCON value that remembers where it was written, so errors can name file and line.</summary>
public abstract record HoconNode(SourcePosition Position);

/// <summary>A string, number, boolean or null, kept as the text the user wrote.</summary>
public sealed record HoconScalar(SourcePosition Position, string Text, bool Quoted) : HoconNode(Position), IMValue
{
    /// <summary>True for an unquoted <c>null</c>.</summary>
    public bool IsNull => !Quoted && Text == "null";

    public override string ToString() => Quoted ? $"\"{Text}\"" : Text;
}

/// <summary>An ordered list of values.</summary>
public sealed record HoconArray(SourcePosition Position, IReadOnlyList<HoconNode> Items) : HoconNode(Position);

/// <summary>One key of an object, with the line the key was written on.</summary>
public sealed record HoconField(string Key, SourcePosition Position, HoconNode Value);

/// <summary>An object whose fields keep the order in which they were first written.</summary>
public sealed record HoconObject(SourcePosition Position, IReadOnlyList<HoconField> Fields) : HoconNode(Position)
{
    /// <summary>The field with this key, or null.</summary>
    public HoconField? Field(string key)
    {
        // By index: a foreach over the interface would allocate an enumerator on every look-up.
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Key == key)
            {
                return Fields[i];
            }
        }
        return null;
    }
}
