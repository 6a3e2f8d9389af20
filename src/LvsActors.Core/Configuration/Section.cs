using System.Globalization;
using System.Net;
using LvsActors.Configuration.Hocon;
using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>
/// Reads one HOCON object of the configuration: every getter declares the key it reads, records a clear error
/// (file, line, key path, bad value, what is accepted) instead of throwing, and <see cref="Finish"/> reports the
/// keys nobody asked for, with a "did you mean".
/// </summary>
internal sealed class Section
{
    private readonly HoconObject _object;
    // The keys declared here, each once: a prefix of the pattern that sections bound alike follow (KeyPattern),
    // until this one declares differently and takes its own copy: a list while it declares a few dozen, and a set
    // beside it once it declares more — the named objects of a large table (virtual-services) in a list made
    // declaring them quadratic: a fuzzed keepalived import that expanded to tens of thousands of services spent
    // minutes in Declare.
    private const int ListedKeys = 32;
    private readonly KeyPattern _pattern;
    private int _followed;
    private OwnKeys? _own;
    // A table binds a section per service, real server and check (22,000 for 1,000 × 10), so a section keeps few
    // fields: the parent (at the root, the error list every section reports into), the key and index it was read
    // under. Its key path is built only when an error or a caller asks for it: thousands of sections have no error.
    private readonly object _up;
    private readonly string _key;
    private readonly int _index = -1;

    private sealed class OwnKeys(List<string> keys)
    {
        public readonly List<string> Keys = keys;
        public HashSet<string>? Set;
    }

    public Section(HoconObject obj, string path, List<ConfigError> errors)
    {
        _object = obj;
        _key = path;
        _up = errors;
        _pattern = new KeyPattern();
    }

    // An object under parent's key, or its item at index (≥ 0) when the key holds a list.
    private Section(HoconObject obj, Section parent, string key, int index, KeyPattern pattern)
    {
        _object = obj;
        _up = parent;
        _key = key;
        _index = index;
        _pattern = pattern;
    }

    private Section? Parent => _up as Section;

    private List<ConfigError> Errors
    {
        get
        {
            var section = this;
            while (section._up is Section parent)
            {
                section = parent;
            }
            return (List<ConfigError>)section._up;
        }
    }

    /// <summary>The key path of this object, e.g. <c>lvs.virtual-services.web</c>.</summary>
    public string Path => Parent is not { } parent ? _key : _index < 0 ? parent.KeyPath(_key) : $"{parent.KeyPath(_key)}[{_index}]";

    public SourcePosition Position => _object.Position;

    public bool Has(string key) => _object.Field(Declare(key)) is { Value: not HoconScalar { IsNull: true } };

    public string KeyPath(string key) => Path.Length == 0 ? key : key.Length == 0 ? Path : $"{Path}.{key}";

    public SourcePosition PositionOf(string key) => _object.Field(key)?.Position ?? _object.Position;

    public void Error(string key, string message) => Errors.Add(new ConfigError(PositionOf(key), KeyPath(key), message));

    public void ErrorAt(HoconNode node, string keyPath, string message) => Errors.Add(new ConfigError(node.Position, keyPath, message));

    /// <summary>Marks keys as belonging here without reading them (read elsewhere, or only in some cases).</summary>
    public string Declare(string key)
    {
        if (_own is null)
        {
            var keys = _pattern.Keys;
            if (_followed < keys.Count && keys[_followed] == key)
            {
                _followed++;
                return key;
            }
            if (keys.IndexOf(key, 0, _followed) >= 0)
            {
                return key;
            }
            if (_followed == keys.Count && _followed < ListedKeys)
            {
                // The first section of the pattern to get this far: the others follow.
                keys.Add(key);
                _followed++;
                return key;
            }
            _own = new OwnKeys(keys.GetRange(0, _followed));
        }
        if (!IsKnown(key))
        {
            _own.Keys.Add(key);
            if (_own.Set is not null)
            {
                _own.Set.Add(key);
            }
            else if (_own.Keys.Count > ListedKeys)
            {
                _own.Set = new HashSet<string>(_own.Keys, StringComparer.Ordinal);
            }
        }
        return key;
    }

    private bool IsKnown(string key) => _own is null
        ? _pattern.Keys.IndexOf(key, 0, _followed) >= 0
        : _own.Set?.Contains(key) ?? _own.Keys.Contains(key);

    /// <summary>The keys declared here, in the order declared.</summary>
    private IEnumerable<string> Known => _own?.Keys ?? _pattern.Keys.Take(_followed);

    public HoconNode? Node(string key) => _object.Field(Declare(key))?.Value is { } v && v is not HoconScalar { IsNull: true } ? v : null;

    public string? String(string key, string? fallback = null)
    {
        switch (Node(key))
        {
            case null:
                return fallback;
            case HoconScalar s:
                return s.Text;
            case var other:
                Error(key, $"expected a value, found {Describe(other)}");
                return fallback;
        }
    }

    public long Integer(string key, long fallback, long min, long max)
    {
        var text = String(key);
        if (text is null)
        {
            return fallback;
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(key, $"\"{text}\" is not a whole number; accepted: {min} to {max}");
            return fallback;
        }
        if (value < min || value > max)
        {
            Error(key, $"{value} is out of range; accepted: {min} to {max}");
            return fallback;
        }
        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        var text = String(key);
        switch (text)
        {
            case null:
                return fallback;
            case "true" or "on" or "yes":
                return true;
            case "false" or "off" or "no":
                return false;
            default:
                Error(key, $"\"{text}\" is not a boolean; accepted: true, false");
                return fallback;
        }
    }

    /// <summary>A duration: <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, <c>1d</c>; a bare number is seconds, as in keepalived.conf.</summary>
    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var text = String(key);
        if (text is null)
        {
            return fallback;
        }
        if (DurationText.Parse(text, out var tooLong) is not { } value)
        {
            if (tooLong)
            {
                Error(key, $"{text} is out of range; accepted: {Show(min)} to {Show(max)}");
                return fallback;
            }
            Error(key, $"\"{text}\" is not a duration; accepted: a number with ms, s, m, h or d (a bare number is seconds), e.g. 500ms, 6s");
            return fallback;
        }
        if (value < min || value > max)
        {
            Error(key, $"{text} is out of range; accepted: {Show(min)} to {Show(max)}");
            return fallback;
        }
        return value;
    }

    /// <summary>One of a fixed set of names.</summary>
    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        var text = String(key);
        if (text is null)
        {
            return fallback;
        }
        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }
        Error(key, $"unknown value \"{text}\"{Suggestions.DidYouMean(text, choices.Keys)}; accepted: {string.Join(", ", choices.Keys)}");
        return fallback;
    }

    public IPAddress? Address(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (IPAddressText.Parse(text) is { } address)
        {
            return address;
        }
        Error(key, $"\"{text}\" is not an IP address; accepted: {IPAddressText.Accepted}");
        return null;
    }

    public Endpoint? Endpoint(string key, ushort? defaultPort)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        var endpoint = Model.Endpoint.TryParse(text, defaultPort, out var error);
        if (endpoint is null)
        {
            Error(key, $"\"{text}\" is malformed: {error}");
        }
        return endpoint;
    }

    /// <summary>A program and its arguments: a list, or one string split on spaces. Never given to a shell.</summary>
    public NotifyCommand? Command(string key)
    {
        var words = Node(key) switch
        {
            null => null,
            HoconScalar s => s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            HoconArray a when a.Items.All(i => i is HoconScalar) => a.Items.Cast<HoconScalar>().Select(i => i.Text).ToArray(),
            var other => Invalid(other),
        };
        if (words is null)
        {
            return null;
        }
        if (words.Length == 0 || !words[0].StartsWith('/'))
        {
            Error(key, $"expected a program with an absolute path and its arguments, e.g. [\"/usr/local/bin/notify\", \"up\"]");
            return null;
        }
        return new NotifyCommand(words);

        string[]? Invalid(HoconNode node)
        {
            Error(key, $"expected a program and its arguments as a list of strings, found {Describe(node)}");
            return null;
        }
    }

    public IReadOnlyList<HoconScalar> ScalarList(string key)
    {
        switch (Node(key))
        {
            case null:
                return [];
            case HoconScalar s:
                return [s];
            case HoconArray a:
                var scalars = new List<HoconScalar>();
                for (var i = 0; i < a.Items.Count; i++)
                {
                    if (a.Items[i] is HoconScalar item)
                    {
                        scalars.Add(item);
                    }
                    else
                    {
                        ErrorAt(a.Items[i], $"{KeyPath(key)}[{i}]", $"expected a value, found {Describe(a.Items[i])}");
                    }
                }
                return scalars;
            case var other:
                Error(key, $"expected a list, found {Describe(other)}");
                return [];
        }
    }

    public Section? Object(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case HoconObject o:
                return new Section(o, this, key, -1, _pattern.Child(key));
            case var other:
                Error(key, $"expected an object {{ … }}, found {Describe(other)}");
                return null;
        }
    }

    /// <summary>The fields of an object whose keys are names chosen by the user (virtual services).</summary>
    public IReadOnlyList<(string Name, Section Section)> NamedObjects(string key)
    {
        var section = Object(key);
        if (section is null)
        {
            return [];
        }
        var result = new List<(string, Section)>();
        // Named objects are bound alike whatever their names: one pattern for all.
        var pattern = section._pattern.Child("*");
        foreach (var field in section._object.Fields)
        {
            section.Declare(field.Key);
            if (field.Value is HoconObject o)
            {
                result.Add((field.Key, new Section(o, section, field.Key, -1, pattern)));
            }
            else
            {
                section.Error(field.Key, $"expected an object {{ … }}, found {Describe(field.Value)}");
            }
        }
        return result;
    }

    /// <summary>A list of objects, each as a section with its index in the path: <c>real-servers[2]</c>.</summary>
    public IReadOnlyList<Section> ObjectList(string key)
    {
        switch (Node(key))
        {
            case null:
                return [];
            case HoconArray a:
                // An array of the exact size, not a List: one fewer object for each of ten thousand real servers' checks.
                var result = new Section[a.Items.Count];
                var bound = 0;
                var pattern = _pattern.Child(key);
                for (var i = 0; i < a.Items.Count; i++)
                {
                    if (a.Items[i] is HoconObject o)
                    {
                        result[bound++] = new Section(o, this, key, i, pattern);
                    }
                    else
                    {
                        ErrorAt(a.Items[i], $"{KeyPath(key)}[{i}]", $"expected an object {{ … }}, found {Describe(a.Items[i])}");
                    }
                }
                return bound == result.Length ? result : result[..bound];
            case var other:
                Error(key, $"expected a list [ {{ … }}, … ], found {Describe(other)}");
                return [];
        }
    }

    /// <summary>Reports every key that no getter declared.</summary>
    public void Finish()
    {
        // By index: a foreach over the interface would allocate an enumerator per section, tens of thousands per table.
        for (var i = 0; i < _object.Fields.Count; i++)
        {
            var field = _object.Fields[i];
            if (!IsKnown(field.Key))
            {
                Errors.Add(new ConfigError(field.Position, KeyPath(field.Key),
                    $"unknown key{Suggestions.DidYouMean(field.Key, Known.ToList())}; accepted here: {string.Join(", ", Known.Order())}"));
            }
        }
    }

    private static string Show(TimeSpan t) => DurationText.Format(t);

    internal static string Describe(HoconNode node) => node switch
    {
        HoconObject => "an object { … }",
        HoconArray => "a list [ … ]",
        HoconScalar s => $"\"{s.Text}\"",
        _ => "a value",
    };
}
