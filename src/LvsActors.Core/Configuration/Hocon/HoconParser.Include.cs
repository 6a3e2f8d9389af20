namespace LvsActors.Configuration.Hocon;

/// <summary>
/// <c>include "file"</c>, <c>include required("file")</c>, <c>include file("file")</c>: the included text is parsed
/// at the depth of the include, within the limits of <see cref="IncludeChain"/>.
/// </summary>
internal sealed partial class HoconParser
{
    private bool LooksLikeInclude()
    {
        if (!_text.AsSpan(_pos).StartsWith("include", StringComparison.Ordinal))
        {
            return false;
        }
        var after = Peek(7);
        return after is ' ' or '\t';
    }

    private void ParseInclude(MObject target)
    {
        var position = Here;
        _pos += 7;
        SkipSpaces();
        var required = false;
        if (_text.AsSpan(_pos).StartsWith("required(", StringComparison.Ordinal))
        {
            required = true;
            _pos += 9;
        }
        var wrapped = _text.AsSpan(_pos).StartsWith("file(", StringComparison.Ordinal);
        if (wrapped)
        {
            _pos += 5;
        }
        if (Peek() != '"')
        {
            throw Error("include takes a quoted file name: include \"other.conf\"");
        }
        var name = ReadQuoted();
        if (wrapped)
        {
            Expect(')');
        }
        if (required)
        {
            Expect(')');
        }
        if (_chain.Files.Count >= HoconLimits.MaxIncludeDepth)
        {
            throw new HoconSyntaxException(position,
                $"include \"{name}\": includes nest deeper than {HoconLimits.MaxIncludeDepth} files: {_chain.Show()} → {name}");
        }
        _chain.CountInclude(name, position);
        (string Text, string File)? included;
        try
        {
            included = _include(name, position);
        }
        catch (HoconIncludeException e)
        {
            throw new HoconSyntaxException(position, $"include \"{name}\": {e.Message}");
        }
        if (included is null)
        {
            if (required)
            {
                throw new HoconSyntaxException(position, $"required include \"{name}\" was not found");
            }
            return;
        }
        var (text, file) = included.Value;
        var chain = _chain.Enter(file, text.Length, name, position);
        target.MergeFrom(new HoconParser(text, file, _include, chain, _depth).ParseRoot());
    }
}
