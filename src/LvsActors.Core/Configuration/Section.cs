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
    private readonly List<ConfigError> _errors;
    // The keys declared here, each once: a prefix of the pattern that sections bound alike follow (KeyPattern),
    // until this one declares differently and takes its own copy: a list while it declares a few dozen, and a set
    // beside it once it declares more — the named objects of a large table (virtual-services) in a list made
    // declaring them quadratic: a fuzzed keepalived import that expanded to tens of thousands of services spent
    // minutes in Declare.
    private const int ListedKeys = 32;
    private readonly KeyPattern _pattern;
    private int _followed;
    private List<string>? _own;
    private HashSet<string>? _ownSet;
    // The key path is built only when an error or a caller asks for it: thousands of sections have no error.
    private readonly Section? _parent;
    private readonly string _key = "";
    private readonly int _index = -1;
    private string? _path;

    public Section(HoconObject obj, string path, List<ConfigError> errors)
    {
        _object = obj;
        _path = path;
        _errors = errors;
        _pattern = new KeyPattern();
    }

    // An object under parent's key, or its item at index (≥ 0) when the key holds a list.
    private Section(HoconObject obj, Section parent, string key, int index, KeyPattern pattern)
    {
        _object = obj;
        _errors = parent._errors;
        _parent = parent;
        _key = key;
        _index = index;
        _pattern = pattern;
    }

    /// <summary>The key path of this object, e.g. <c>lvs.virtual-services.web</c>.</summary>
    public string Path => _path ??= _index < 0 ? _parent!.KeyPath(_key) : $"{_parent!.KeyPath(_key)}[{_index}]";

    public SourcePosition Position => _object.Position;

    public bool Has(string key) => _object.Field(Declare(key)) is { Value: not HoconScalar { IsNull: true } };

    public string KeyPath(string key) => Path.Length == 0 ? key : key.Length == 0 ? Path : $"{Path}.{key}";

    public SourcePosition PositionOf(string key) => _object.Field(key)?.Position ?? _object.Position;

    public void Error(string key, string message) => _errors.Add(new ConfigError(PositionOf(key), KeyPath(key), message));

    public void ErrorAt(HoconNode node, string keyPath, string message) => _errors.Add(new ConfigError(node.Position, keyPath, message));

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
            _own = keys.GetRange(0, _followed);
        }
        if (!IsKnown(key))
        {
            _own.Add(key);
            if (_ownSet is not null)
            {
                _ownSet.Add(key);
            }
            else if (_own.Count > ListedKeys)
            {
                _ownSet = new HashSet<string>(_own, StringComparer.Ordinal);
            }
        }
        return key;
    }

    private bool IsKnown(string key) => _own is null
        ? _pattern.Keys.IndexOf(key, 0, _followed) >= 0
        : _ownSet?.Contains(key) ?? _own.Contains(key);

    /// <summary>The keys declared here, in the order declared.</summary>
    private IEnumerable<string> Known => _own ?? _pattern.Keys.Take(_followed);

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
                var result = new List<Section>(a.Items.Count);
                var pattern = _pattern.Child(key);
                for (var i = 0; i < a.Items.Count; i++)
                {
                    if (a.Items[i] is HoconObject o)
                    {
                        result.Add(new Section(o, this, key, i, pattern));
                    }
                    else
                    {
                        ErrorAt(a.Items[i], $"{KeyPath(key)}[{i}]", $"expected an object {{ … }}, found {Describe(a.Items[i])}");
                    }
                }
                return result;
            case var other:
                Error(key, $"expected a list [ {{ … }}, … ], found {Describe(other)}");
                return [];
        }
    }

    /// <summary>Reports every key that no getter declared.</summary>
    public void Finish()
    {
        foreach (var field in _object.Fields)
        {
            if (!IsKnown(field.Key))
            {
                _errors.Add(new ConfigError(field.Position, KeyPath(field.Key),
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
