using System.Text;

namespace LvsActors.Configuration.Hocon;

/// <summary>Parses HOCON text, resolves its substitutions and returns an immutable tree with source positions.</summary>
public static class HoconDocument
{
    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="include"/> returns the text of an included file (null when it
    /// does not exist); <paramref name="environment"/> answers substitutions the document does not define.
    /// Throws <see cref="HoconSyntaxException"/> with the file and line on a syntax error or an unresolved substitution.
    /// </summary>
    public static HoconObject Parse(
        string text,
        string file,
        Func<string, SourcePosition, (string Text, string File)?>? include = null,
        Func<string, string?>? environment = null)
    {
        var root = HoconParser.Parse(text, file, (name, from) => include?.Invoke(name, from));
        new Resolver(root, environment ?? (_ => null)).ResolveObject(root);
        return (HoconObject)Freeze(root);
    }

    private static HoconNode Freeze(MValue value) => value switch
    {
        MObject o => new HoconObject(o.Position, o.Fields.Select(f => new HoconField(f.Key, f.KeyPosition, Freeze(f.Value))).ToList()),
        MArray a => new HoconArray(a.Position, a.Items.Select(Freeze).ToList()),
        MScalar s => new HoconScalar(s.Position, s.Text, s.Quoted),
        _ => throw new InvalidOperationException($"unresolved {value.GetType().Name} at {value.Position}"),
    };

    private sealed class Resolver(MObject root, Func<string, string?> environment)
    {
        private readonly HashSet<MSubstitution> _resolving = [];

        public void ResolveObject(MObject obj)
        {
            foreach (var (key, _, value) in obj.Fields.ToList())
            {
                var resolved = Resolve(value);
                if (resolved is null)
                {
                    obj.Remove(key);
                }
                else if (!ReferenceEquals(resolved, value))
                {
                    obj.Replace(key, resolved);
                }
            }
        }

        /// <summary>Returns the resolved value, or null when an optional substitution found nothing.</summary>
        private MValue? Resolve(MValue value)
        {
            switch (value)
            {
                case MObject o:
                    ResolveObject(o);
                    return o;
                case MArray a:
                    var items = new List<MValue>();
                    foreach (var item in a.Items)
                    {
                        if (Resolve(item) is { } r)
                        {
                            items.Add(r);
                        }
                    }
                    return new MArray(a.Position, items);
                case MSubstitution s:
                    return Lookup(s);
                case MConcat c:
                    return Concatenate(c);
                default:
                    return value;
            }
        }

        private MValue? Lookup(MSubstitution s)
        {
            if (!_resolving.Add(s))
            {
                throw new HoconSyntaxException(s.Position, $"the substitution ${{{s.Path}}} refers to itself");
            }
            try
            {
                MValue? current = root;
                foreach (var segment in s.Path.Split('.'))
                {
                    current = (current as MObject)?.Get(segment);
                }
                if (current is not null)
                {
                    return Resolve(current);
                }
                if (environment(s.Path) is { } env)
                {
                    return new MScalar(s.Position, env, quoted: true);
                }
                return s.Optional
                    ? null
                    : throw new HoconSyntaxException(s.Position, $"${{{s.Path}}} is not defined in the configuration nor in the environment");
            }
            finally
            {
                _resolving.Remove(s);
            }
        }

        private MValue? Concatenate(MConcat concat)
        {
            var parts = concat.Parts.Select(Resolve).Where(p => p is not null).Cast<MValue>().ToList();
            if (parts.Count == 0)
            {
                return null;
            }
            var solid = parts.Where(p => p is not MScalar { Quoted: true, Text: var t } || !string.IsNullOrWhiteSpace(t)).ToList();
            if (solid.Count > 0 && solid.All(p => p is MObject))
            {
                var merged = new MObject(concat.Position);
                solid.ForEach(p => merged.MergeFrom((MObject)p));
                return merged;
            }
            if (solid.Count > 0 && solid.All(p => p is MArray))
            {
                return new MArray(concat.Position, solid.SelectMany(p => ((MArray)p).Items).ToList());
            }
            var text = new StringBuilder();
            foreach (var part in parts)
            {
                if (part is not MScalar scalar)
                {
                    throw new HoconSyntaxException(part.Position, "an object or a list cannot be joined with text on the same line");
                }
                text.Append(scalar.Text);
            }
            return new MScalar(concat.Position, text.ToString(), quoted: true);
        }
    }
}
