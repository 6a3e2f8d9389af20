using System.Text;

namespace LvsActors.Configuration.Hocon;

/// <summary>
/// Reads HOCON text into an <see cref="MObject"/> tree, keeping the line of every key and value.
/// Supports what configs use: objects, arrays, quoted, triple-quoted and unquoted strings, value concatenation,
/// dotted keys, merging of repeated objects, <c>+=</c>, <c>${path}</c> / <c>${?path}</c> and <c>include</c>.
/// </summary>
internal sealed partial class HoconParser
{
    // HOCON's characters that may not appear in an unquoted string or key.
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _file;
    private readonly IncludeResolver _include;
    private readonly IncludeChain _chain;
    private int _pos;
    private int _line = 1;
    // Keys and short unquoted values repeat across a large table (address, weight, tcp, 2s): one string each.
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _strings =
        new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    // The item lists of arrays being read, for reuse: see ParseArray.
    private readonly Stack<List<IMValue>> _scratch = new();
    // Objects and lists open around the current position, those of the including files counted.
    private int _depth;

    /// <summary>
    /// Returns the text and display name of an included file, or null when it does not exist; throws
    /// <see cref="HoconIncludeException"/> when the file exists but may not be read.
    /// </summary>
    internal delegate (string Text, string File)? IncludeResolver(string name, SourcePosition from);

    private HoconParser(string text, string file, IncludeResolver include, IncludeChain chain, int depth)
    {
        _text = text;
        _file = file;
        _include = include;
        _chain = chain;
        _depth = depth;
    }

    internal static MObject Parse(string text, string file, IncludeResolver include) =>
        new HoconParser(text, file, include, IncludeChain.Start(file, text.Length), 0).ParseRoot();

    private SourcePosition Here => new(_file, _line);
    private bool AtEnd => _pos >= _text.Length;
    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private MObject ParseRoot()
    {
        RefuseBinary();
        SkipBlank();
        if (Peek() == '{')
        {
            // The braces around a whole document are not a level of nesting.
            _depth--;
            var root = ParseObject();
            _depth++;
            SkipBlank();
            if (!AtEnd)
            {
                throw Error($"unexpected '{Peek()}' after the closing '}}' of the document");
            }
            return root;
        }
        var obj = new MObject(Here);
        ParseFields(obj, closing: null);
        return obj;
    }

    private MObject ParseObject()
    {
        var obj = new MObject(Here);
        Enter();
        Expect('{');
        ParseFields(obj, closing: '}');
        Expect('}');
        _depth--;
        return obj;
    }

    /// <summary>Reads fields up to <paramref name="closing"/>, or to the end of the text for the document's root.</summary>
    private void ParseFields(MObject target, char? closing)
    {
        while (true)
        {
            SkipBlank(commas: true);
            if (AtEnd)
            {
                if (closing is not null)
                {
                    throw Error($"missing '{closing}': the file ended inside an object");
                }
                return;
            }
            if (Peek() == closing)
            {
                return;
            }
            if (LooksLikeInclude())
            {
                ParseInclude(target);
            }
            else
            {
                ParseField(target);
            }
            SkipSpaces();
            if (!AtEnd && Peek() != ',' && Peek() != '\n' && Peek() != closing && !AtComment())
            {
                throw Error($"expected a new line or ',' after a value, found '{Peek()}'" + ColonHint());
            }
        }
    }

    private void ParseField(MObject target)
    {
        var keyPosition = Here;
        var path = ParseKeyPath();
        // a.b.c = { … } puts the value two objects deeper than a key without dots.
        var implied = path.Count - 1;
        if (_depth + implied > HoconLimits.MaxNestingDepth)
        {
            throw Error($"the key '{Shorten(path.ToString())}' nests deeper than {HoconLimits.MaxNestingDepth} levels");
        }
        _depth += implied;
        SkipSpaces();
        IMValue value;
        var append = false;
        if (Peek() == '{')
        {
            value = ParseValue();
        }
        else if (Peek() == '=' || Peek() == ':')
        {
            _pos++;
            SkipSpaces();
            value = ParseValue();
        }
        else if (Peek() == '+' && Peek(1) == '=')
        {
            _pos += 2;
            SkipSpaces();
            value = ParseValue();
            append = true;
        }
        else
        {
            throw Error($"expected '=', ':' or '{{' after the key '{Shorten(path.ToString())}'");
        }
        _depth -= implied;
        var obj = target;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (obj.Get(path[i]) is not MObject child)
            {
                child = new MObject(keyPosition);
                obj.Set(path[i], keyPosition, child);
            }
            obj = child;
        }
        var last = path.Last;
        if (append)
        {
            // In place: nothing shares a list while the text is read, and a copy per += would be quadratic.
            if (obj.Get(last) is MArray existing)
            {
                existing.Items.Add(value);
                value = existing;
            }
            else
            {
                value = new MArray(keyPosition, [value]);
            }
        }
        obj.Set(last, keyPosition, value);
    }

    private KeySegments ParseKeyPath()
    {
        // Most keys have no dot: their one segment needs no list.
        string? first = null;
        List<string>? segments = null;
        // A segment is a slice of the text until a quoted part makes it a copy.
        var start = _pos;
        StringBuilder? quoted = null;
        var any = false;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '"')
            {
                quoted ??= new StringBuilder().Append(_text, start, _pos - start);
                quoted.Append(ReadQuoted());
                any = true;
            }
            else if (c == '.')
            {
                var segment = Segment(start, quoted);
                if (first is null)
                {
                    first = segment;
                }
                else
                {
                    segments ??= [first];
                    segments.Add(segment);
                }
                quoted = null;
                _pos++;
                start = _pos;
            }
            else if (char.IsWhiteSpace(c) || Forbidden.Contains(c) || AtComment())
            {
                break;
            }
            else
            {
                quoted?.Append(c);
                _pos++;
                any = true;
            }
        }
        if (!any)
        {
            throw Error(AtEnd ? "expected a key, found the end of the file" : $"expected a key, found '{Peek()}'");
        }
        var lastSegment = Segment(start, quoted);
        KeySegments path;
        if (first is null)
        {
            path = new KeySegments(lastSegment, null);
        }
        else
        {
            segments ??= [first];
            segments.Add(lastSegment);
            path = new KeySegments(first, segments);
        }
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i].Length == 0)
            {
                throw Error($"empty segment in the key '{path}'");
            }
        }
        return path;
    }

    /// <summary>The segments of a key path (<c>a.b.c</c>): one string without a list for the usual key without dots.</summary>
    private readonly struct KeySegments(string first, List<string>? all)
    {
        public int Count => all?.Count ?? 1;

        public string this[int index] => all is null ? first : all[index];

        public string Last => all is null ? first : all[^1];

        public override string ToString() => all is null ? first : string.Join('.', all);
    }



    private string Segment(int start, StringBuilder? quoted) => quoted?.ToString() ?? Slice(start, _pos);

    private string Slice(int start, int end)
    {
        const int LongestShared = 32;
        var span = _text.AsSpan(start, end - start);
        if (span.Length > LongestShared)
        {
            return span.ToString();
        }
        if (!_strings.TryGetValue(span, out var text))
        {
            text = span.ToString();
            _strings.Dictionary.Add(text, text);
        }
        return text;
    }

    /// <summary>Parses one value: several pieces on one line concatenate.</summary>
    private IMValue ParseValue()
    {
        // The nesting limit keeps the recursion shallow; this is the last guard should a limit ever be raised too far.
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var position = Here;
        // Most values are one piece: the list of parts is made only when a second piece follows.
        var single = ParsePiece(position);
        if (single is not null && !IsBlank(single))
        {
            // Spaces after the one piece that only lead to the value's end (`{ type = tcp }`) are not a piece: the
            // list, the blank piece and its string would be made only to be trimmed again below.
            var end = _pos;
            while (end < _text.Length && _text[end] is ' ' or '\t' or '\r')
            {
                end++;
            }
            var afterSpaces = _pos;
            _pos = end;
            if (EndsValue())
            {
                return single;
            }
            _pos = afterSpaces;
        }
        var parts = single is null ? new List<IMValue>() : [single];
        while (!AtEnd)
        {
            if (EndsValue())
            {
                break;
            }
            parts.Add(ParsePiece(position)!);
        }
        // Whitespace around a value is not part of it.
        while (parts.Count > 0 && IsBlank(parts[^1]))
        {
            parts.RemoveAt(parts.Count - 1);
        }
        return parts.Count switch
        {
            0 => throw Error("expected a value" + (AtEnd ? ", found the end of the file" : $", found '{Peek()}'")),
            1 => parts[0],
            _ => new MConcat(position, parts),
        };
    }

    private static bool IsBlank(IMValue piece) => piece is HoconScalar { Quoted: true } s && string.IsNullOrWhiteSpace(s.Text) && s.Text.Length > 0;

    private bool EndsValue() => AtEnd || Peek() is '\n' or ',' or '}' or ']' || AtComment();

    /// <summary>One piece of a value, or null at its end; whitespace between pieces is a piece, as it joins strings.</summary>
    private IMValue? ParsePiece(SourcePosition position)
    {
        if (EndsValue())
        {
            return null;
        }
        var c = Peek();
        if (c is ' ' or '\t' or '\r')
        {
            var start = _pos;
            SkipSpaces();
            return new HoconScalar(position, _text[start.._pos], Quoted: true);
        }
        return c switch
        {
            '{' => ParseObject(),
            '[' => ParseArray(),
            '"' => new HoconScalar(Here, ReadQuoted(), Quoted: true),
            '$' => ParseSubstitution(),
            _ => ParseUnquoted(),
        };
    }

    private MArray ParseArray()
    {
        // Items gather in a scratch list (one per level of nesting, reused) and the array gets an exact-size copy:
        // grown item by item, a list of ten real servers left three arrays behind.
        var position = Here;
        var items = _scratch.Count > 0 ? _scratch.Pop() : [];
        try
        {
            ParseItems(items);
            return new MArray(position, [.. items]);
        }
        finally
        {
            items.Clear();
            _scratch.Push(items);
        }
    }

    private void ParseItems(List<IMValue> items)
    {
        Enter();
        Expect('[');
        while (true)
        {
            SkipBlank(commas: true);
            if (AtEnd)
            {
                throw Error("missing ']': the file ended inside a list");
            }
            if (Peek() == ']')
            {
                _pos++;
                _depth--;
                return;
            }
            var item = ParseValue();
            // HOCON merges objects written side by side into one: `[ { address = a } { address = b } ]` is one real
            // server, b, silently. In a list that is a missing comma, never a wish; `${base} { … }` stays allowed.
            if (item is MConcat concat && concat.Parts.Count(p => p is MObject) >= 2 && concat.Parts.All(p => p is MObject || IsBlank(p)))
            {
                throw new HoconSyntaxException(concat.Parts.OfType<MObject>().Skip(1).First().Position,
                    "two objects side by side in a list would merge into one (HOCON's concatenation): separate the list's items with a comma or a newline");
            }
            items.Add(item);
            SkipSpaces();
            if (!AtEnd && Peek() != ',' && Peek() != '\n' && Peek() != ']' && !AtComment())
            {
                throw Error($"expected ',' or ']' in a list, found '{Peek()}'");
            }
        }
    }

    private MSubstitution ParseSubstitution()
    {
        var position = Here;
        if (Peek(1) != '{')
        {
            throw Error("'$' starts a substitution and must be followed by '{'; quote the value if '$' is meant literally");
        }
        _pos += 2;
        var optional = Peek() == '?';
        if (optional)
        {
            _pos++;
        }
        var path = ParseKeyPath();
        Expect('}');
        return new MSubstitution(position, path.ToString(), optional);
    }

    private HoconScalar ParseUnquoted()
    {
        var position = Here;
        var start = _pos;
        while (!AtEnd)
        {
            var c = Peek();
            if (char.IsWhiteSpace(c) || Forbidden.Contains(c) || AtComment())
            {
                break;
            }
            _pos++;
        }
        if (_pos == start)
        {
            throw Error($"unexpected '{Peek()}'" + ColonHint());
        }
        return new HoconScalar(position, Slice(start, _pos), Quoted: false);
    }

    private string ReadQuoted()
    {
        if (Peek(1) == '"' && Peek(2) == '"')
        {
            return ReadTripleQuoted();
        }
        var start = Here;
        _pos++;
        var plain = _pos;
        while (plain < _text.Length && _text[plain] is not ('"' or '\\' or '\n'))
        {
            plain++;
        }
        if (plain < _text.Length && _text[plain] == '"')
        {
            var text = _text[_pos..plain];
            _pos = plain + 1;
            return text;
        }
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n')
            {
                throw new HoconSyntaxException(start, "a quoted string is not closed on its line");
            }
            var c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            var e = AtEnd ? '\0' : _text[_pos++];
            sb.Append(e switch
            {
                '"' => "\"",
                '\\' => "\\",
                '/' => "/",
                'b' => "\b",
                'f' => "\f",
                'n' => "\n",
                'r' => "\r",
                't' => "\t",
                // No value here means anything with a NUL in it, and file names with one make every file API throw.
                'u' when _pos + 4 <= _text.Length && ushort.TryParse(_text.AsSpan(_pos, 4), System.Globalization.NumberStyles.HexNumber, null, out var code)
                    => code == 0 ? throw Error("'\\u0000' in a quoted string: no setting holds a NUL character") : ((char)code).ToString(),
                _ => throw Error($"unknown escape '\\{e}' in a quoted string"),
            });
            if (e == 'u')
            {
                _pos += 4;
            }
        }
    }

    private string ReadTripleQuoted()
    {
        var start = Here;
        _pos += 3;
        var end = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new HoconSyntaxException(start, "a \"\"\" string is never closed");
        }
        var value = _text[_pos..end];
        _line += value.Count(ch => ch == '\n');
        _pos = end + 3;
        return value;
    }

    private void Enter()
    {
        if (++_depth > HoconLimits.MaxNestingDepth)
        {
            throw Error($"objects and lists nest deeper than {HoconLimits.MaxNestingDepth} levels");
        }
    }

    /// <summary>A NUL byte would otherwise read as the end of the text: everything after it would be silently ignored.</summary>
    private void RefuseBinary()
    {
        var nul = _text.IndexOf('\0');
        if (nul >= 0)
        {
            var line = 1 + _text.AsSpan(0, nul).Count('\n');
            throw new HoconSyntaxException(new SourcePosition(_file, line), "a NUL byte: the file is binary or damaged, a configuration is text");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private void SkipSpaces()
    {
        while (!AtEnd && Peek() is ' ' or '\t' or '\r' or '\uFEFF')
        {
            _pos++;
        }
    }

    private void SkipBlank(bool commas = false)
    {
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '\n')
            {
                _line++;
                _pos++;
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF' || (commas && c == ','))
            {
                _pos++;
            }
            else if (AtComment())
            {
                while (!AtEnd && Peek() != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private bool AtComment() => Peek() == '#' || (Peek() == '/' && Peek(1) == '/');

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error(AtEnd ? $"expected '{c}', found the end of the file" : $"expected '{c}', found '{Peek()}'");
        }
        _pos++;
    }

    private string ColonHint() => Peek() == ':'
        ? " (an address with a port, or an IPv6 address, must be quoted: \"192.0.2.1:80\")"
        : "";

    private HoconSyntaxException Error(string message) => new(Here, message);
}
