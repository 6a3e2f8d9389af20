using System.Text;

namespace LvsActors.Configuration.Hocon;

/// <summary>
/// Replaces the substitutions of a parsed document by the values they name, in place. Each node is resolved once
/// (a value named many times is not resolved again), and the work is bounded by <see cref="HoconLimits"/>.
/// </summary>
internal sealed class HoconResolver(MObject root, Func<string, string?> environment)
{
    // Recursion through substitutions that name objects holding further substitutions, on top of plain nesting.
    private const int MaxDepth = 2 * HoconLimits.MaxNestingDepth;

    private readonly HashSet<MSubstitution> _resolving = [];
    // Substitutions and joins, by what they resolved to. Objects and lists say so themselves (MObject.Resolved,
    // MArray.ResolvedAs): a table has tens of thousands of them, and a set beside them cost a megabyte per 1,000 services.
    private readonly Dictionary<IMValue, IMValue?> _resolved = new(ReferenceEqualityComparer.Instance);
    private int _depth;
    private int _lookups;
    private long _joined;
    private long _joinedValues;

    public void ResolveObject(MObject obj)
    {
        if (obj.Resolved)
        {
            return;
        }
        // By index over the keys: resolving replaces or removes values of this object but never adds a key to it.
        for (var i = 0; i < obj.Slots; i++)
        {
            var key = obj.KeyAt(i);
            if (!obj.TryGet(key, out _, out var value))
            {
                continue;
            }
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
        obj.Resolved = true;
    }

    /// <summary>Returns the resolved value, or null when an optional substitution found nothing.</summary>
    private IMValue? Resolve(IMValue value)
    {
        switch (value)
        {
            case HoconScalar:
                return value;
            case MArray { ResolvedAs: { } done }:
                return done;
            case MSubstitution or MConcat when _resolved.TryGetValue(value, out var known):
                return known;
        }
        if (++_depth > MaxDepth)
        {
            throw new HoconSyntaxException(value.Position, $"substitutions nest deeper than {MaxDepth} levels");
        }
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        IMValue? result;
        switch (value)
        {
            case MObject o:
                ResolveObject(o);
                result = o;
                break;
            case MArray a:
                result = ResolveItems(a);
                break;
            case MSubstitution s:
                result = Lookup(s);
                break;
            case MConcat c:
                result = Concatenate(c);
                break;
            default:
                result = value;
                break;
        }
        _depth--;
        if (value is MArray array)
        {
            array.ResolvedAs = (MArray)result!;
        }
        else if (value is not MObject)
        {
            _resolved[value] = result;
        }
        // What a resolution made is resolved too: a list named again must not be copied item by item on every lookup.
        if (result is MArray made)
        {
            made.ResolvedAs = made;
        }
        return result;
    }

    // A list whose items all resolve to themselves (no substitution in it: nearly every list) is its own
    // resolution; a copy is made from the first item that changes or goes.
    private MArray ResolveItems(MArray a)
    {
        List<IMValue>? items = null;
        for (var i = 0; i < a.Items.Count; i++)
        {
            var item = a.Items[i];
            var resolved = Resolve(item);
            if (items is null)
            {
                if (ReferenceEquals(resolved, item))
                {
                    continue;
                }
                items = new List<IMValue>(a.Items.Count);
                items.AddRange(a.Items.Take(i));
            }
            if (resolved is not null)
            {
                items.Add(resolved);
            }
        }
        return items is null ? a : new MArray(a.Position, items);
    }

    private IMValue? Lookup(MSubstitution s)
    {
        if (++_lookups > HoconLimits.MaxResolutions)
        {
            throw new HoconSyntaxException(s.Position, $"more than {HoconLimits.MaxResolutions:N0} substitutions to resolve");
        }
        if (!_resolving.Add(s))
        {
            throw new HoconSyntaxException(s.Position, $"the substitution ${{{s.Path}}} refers to itself");
        }
        try
        {
            IMValue? current = root;
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
                return new HoconScalar(s.Position, env, Quoted: true);
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

    private IMValue? Concatenate(MConcat concat)
    {
        var parts = concat.Parts.Select(Resolve).Where(p => p is not null).Cast<IMValue>().ToList();
        if (parts.Count == 0)
        {
            return null;
        }
        var solid = parts.Where(p => p is not HoconScalar { Quoted: true, Text: var t } || !string.IsNullOrWhiteSpace(t)).ToList();
        if (solid.Count > 0 && solid.All(p => p is MObject))
        {
            // The parts may be objects other keys hold too: merge into copies, never into them.
            var merged = new MObject(concat.Position);
            foreach (var part in solid)
            {
                Spend(merged.MergeCopying((MObject)part), concat);
            }
            merged.Resolved = true;
            return merged;
        }
        if (solid.Count > 0 && solid.All(p => p is MArray))
        {
            Spend(solid.Sum(p => (long)((MArray)p).Items.Count), concat);
            return new MArray(concat.Position, solid.SelectMany(p => ((MArray)p).Items).ToList());
        }
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is not HoconScalar scalar)
            {
                throw new HoconSyntaxException(part.Position, "an object or a list cannot be joined with text on the same line");
            }
            if (text.Length + (long)scalar.Text.Length > HoconLimits.MaxSubstitutedValueLength)
            {
                throw new HoconSyntaxException(concat.Position, $"the value joined from substitutions is longer than {HoconLimits.MaxSubstitutedValueLength:N0} characters");
            }
            text.Append(scalar.Text);
        }
        _joined += text.Length;
        if (_joined > HoconLimits.MaxSubstitutedTotalLength)
        {
            throw new HoconSyntaxException(concat.Position, $"values joined from substitutions exceed {HoconLimits.MaxSubstitutedTotalLength:N0} characters in total");
        }
        return new HoconScalar(concat.Position, text.ToString(), Quoted: true);
    }

    /// <summary>Counts values copied to join objects and lists; each join copies, so repeated joins add up.</summary>
    private void Spend(long values, MConcat at)
    {
        _joinedValues += values;
        if (_joinedValues > HoconLimits.MaxResolvedValues)
        {
            throw new HoconSyntaxException(at.Position, $"objects and lists joined from substitutions exceed {HoconLimits.MaxResolvedValues:N0} values in total");
        }
    }
}
