namespace LvsActors.Configuration.Hocon;

/// <summary>
/// The files that include one another down to the one being parsed, and what all files of one configuration have used
/// so far: the parser refuses a cycle (naming it), too deep a chain, too many includes and too much text.
/// </summary>
internal sealed class IncludeChain
{
    private readonly Budget _budget;

    private IncludeChain(IReadOnlyList<string> files, Budget budget)
    {
        Files = files;
        _budget = budget;
    }

    /// <summary>The display names, from the configuration file to the file being parsed.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The chain of a configuration's own file, whose text is <paramref name="length"/> characters.</summary>
    public static IncludeChain Start(string file, int length)
    {
        var budget = new Budget();
        budget.Add(length, file, new SourcePosition(file, 1));
        return new IncludeChain([file], budget);
    }

    /// <summary>Counts one include statement, found or not: each costs a look at the file system.</summary>
    public void CountInclude(string name, SourcePosition at)
    {
        if (++_budget.Includes > HoconLimits.MaxIncludes)
        {
            throw new HoconSyntaxException(at, $"include \"{name}\": more than {HoconLimits.MaxIncludes} includes in one configuration");
        }
    }

    /// <summary>The chain one file deeper; throws when <paramref name="file"/> is already in it.</summary>
    public IncludeChain Enter(string file, int length, string name, SourcePosition at)
    {
        var key = Key(file);
        if (Files.Any(f => Key(f) == key))
        {
            throw new HoconSyntaxException(at, $"include \"{name}\" makes a cycle: {Show()} → {file}");
        }
        _budget.Add(length, file, at);
        return new IncludeChain([.. Files, file], _budget);
    }

    /// <summary>The chain as people read it: <c>a.conf → b.conf</c>.</summary>
    public string Show() => string.Join(" → ", Files);

    // The same file reached by two spellings (b.conf, ./b.conf) is one file.
    private static string Key(string file)
    {
        try
        {
            return Path.GetFullPath(file);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return file;
        }
    }

    private sealed class Budget
    {
        private long _characters;

        public int Includes { get; set; }

        public void Add(int length, string file, SourcePosition at)
        {
            if (length > HoconLimits.MaxFileBytes)
            {
                throw new HoconSyntaxException(at, $"{file} is larger than {HoconLimits.MaxFileBytes >> 20} MiB; a configuration is a few KiB");
            }
            _characters += length;
            if (_characters > HoconLimits.MaxTotalBytes)
            {
                throw new HoconSyntaxException(at, $"{file} makes the configuration larger than {HoconLimits.MaxTotalBytes >> 20} MiB with its includes");
            }
        }
    }
}
