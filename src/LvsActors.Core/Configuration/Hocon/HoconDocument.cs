namespace LvsActors.Configuration.Hocon;

/// <summary>Parses HOCON text, resolves its substitutions and returns an immutable tree with source positions.</summary>
public static class HoconDocument
{
    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="include"/> returns the text of an included file (null when it
    /// does not exist, <see cref="HoconIncludeException"/> when it may not be read); <paramref name="environment"/>
    /// answers substitutions the document does not define. Throws <see cref="HoconSyntaxException"/> with the file and
    /// line on a syntax error, an unresolved substitution or a document beyond <see cref="HoconLimits"/>.
    /// </summary>
    public static HoconObject Parse(
        string text,
        string file,
        Func<string, SourcePosition, (string Text, string File)?>? include = null,
        Func<string, string?>? environment = null)
    {
        var root = HoconParser.Parse(text, file, (name, from) => include?.Invoke(name, from));
        new HoconResolver(root, environment ?? (_ => null)).ResolveObject(root);
        // The root is depth 0, its objects and lists 1, as the parser counts.
        return (HoconObject)new Freezer().Freeze(root, 0);
    }

    /// <summary>
    /// Copies the resolved tree into records. Substitutions share values, so the copy counts every place a value
    /// lands and its depth there: a chain of objects that each hold the previous one twice would otherwise double.
    /// </summary>
    private sealed class Freezer
    {
        private int _values;

        public HoconNode Freeze(IMValue value, int depth)
        {
            if (depth > HoconLimits.MaxNestingDepth && value is MObject or MArray)
            {
                throw new HoconSyntaxException(value.Position, $"substitutions make objects and lists nest deeper than {HoconLimits.MaxNestingDepth} levels");
            }
            if (++_values > HoconLimits.MaxResolvedValues)
            {
                throw new HoconSyntaxException(value.Position, $"substitutions expand the configuration beyond {HoconLimits.MaxResolvedValues:N0} values");
            }
            return value switch
            {
                MObject o => new HoconObject(o.Position, FreezeFields(o, depth)),
                MArray a => new HoconArray(a.Position, FreezeItems(a, depth)),
                HoconScalar s => s,
                _ => throw new InvalidOperationException($"unresolved {value.GetType().Name} at {value.Position}"),
            };
        }

        // Arrays, not lists: a frozen object never grows, and a list around each array would be one more object per node.
        private HoconField[] FreezeFields(MObject o, int depth)
        {
            var fields = new HoconField[o.Count];
            var next = 0;
            for (var i = 0; i < o.Slots; i++)
            {
                if (o.TryGet(o.KeyAt(i), out var position, out var value))
                {
                    fields[next++] = new HoconField(o.KeyAt(i), position, Freeze(value, depth + 1));
                }
            }
            return fields;
        }

        private HoconNode[] FreezeItems(MArray a, int depth)
        {
            var items = new HoconNode[a.Items.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = Freeze(a.Items[i], depth + 1);
            }
            return items;
        }
    }
}
