using System.Text;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Keepalived;

/// <summary>
/// Reads keepalived.conf as keepalived's own parser (lib/parser.c) does: one statement per line, words split on
/// blanks, double quotes keeping blanks in a word, <c>#</c> and <c>!</c> starting a comment outside quotes (a
/// backslash makes them literal), a trailing backslash continuing the line, <c>{</c> and <c>}</c> opening and closing
/// blocks, and <c>include</c> with globs anywhere. Reads no files itself: includes come through the resolver.
/// Unlike keepalived it stops at the limits of <see cref="KeepalivedLimits"/> and at a cycle of includes, and it takes
/// time linear in its input, so no file can make it loop, overflow its stack or run for minutes.
/// </summary>
public static class KeepalivedParser
{
    /// <summary>Parses <paramref name="text"/>, read from <paramref name="file"/>, into its top-level statements.</summary>
    /// <exception cref="KeepalivedSyntaxException">Unbalanced braces or quotes, an include that names no file, a limit passed.</exception>
    public static IReadOnlyList<KeepalivedNode> Parse(string text, string file, KeepalivedIncludeResolver? include = null) =>
        Parse(new IncludedFile(text, file), include);

    /// <summary>Parses <paramref name="main"/>, whose identity counts for the cycles its includes may make.</summary>
    /// <param name="report">Told what is read but not as keepalived would read it: an include matching no file, a parameter left as written.</param>
    /// <exception cref="KeepalivedSyntaxException">Unbalanced braces or quotes, an include that names no file, a limit passed.</exception>
    public static IReadOnlyList<KeepalivedNode> Parse(IncludedFile main, KeepalivedIncludeResolver? include, Action<ImportReport>? report)
    {
        var lexer = new Lexer(include, report);
        lexer.Lex(main);
        return Build(lexer.Tokens);
    }

    /// <summary>Parses <paramref name="main"/>, whose identity counts for the cycles its includes may make.</summary>
    /// <exception cref="KeepalivedSyntaxException">Unbalanced braces or quotes, an include that names no file, a limit passed.</exception>
    public static IReadOnlyList<KeepalivedNode> Parse(IncludedFile main, KeepalivedIncludeResolver? include = null) => Parse(main, include, null);

    private enum TokenKind { Statement, Open, Close }

    private sealed record Token(TokenKind Kind, List<string> Words, SourcePosition Position);

    private sealed class Lexer(KeepalivedIncludeResolver? include, Action<ImportReport>? report)
    {
        private readonly KeepalivedParameters parameters = new(report);

        // The files being read, outermost first: an include of one of them is a cycle.
        private readonly List<IncludedFile> reading = [];
        private int includedFiles;

        public List<Token> Tokens { get; } = [];

        public void Lex(IncludedFile source)
        {
            reading.Add(source);
            var lines = source.Text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var position = new SourcePosition(source.File, i + 1);
                if (parameters.TryDefine(StripComment(lines[i]).Trim(' ', '\t', '\r'), lines, ref i, StripComment))
                {
                    continue;
                }
                var line = JoinContinuations(lines, ref i);
                var expanded = parameters.Substitute(StripComment(line), position, FirstWord(line));
                // A multiline parameter expands to several lines, each read as written there.
                foreach (var piece in expanded.Split('\n'))
                {
                    LexLine(piece, position);
                }
            }
            reading.RemoveAt(reading.Count - 1);
        }

        private void LexLine(string line, SourcePosition position)
        {
            if (KeepalivedParameters.UndefinedBraced(StripComment(line)) is { } name)
            {
                throw new KeepalivedSyntaxException(position, FirstWord(line),
                    $"${{{name}}} names no parameter defined before this line (${name}=value); keepalived would read its braces as a block");
            }
            var statement = new List<string>();
            // keepalived takes an include line whole, before it splits lines at braces: {a,b} in a glob is not a block.
            var isInclude = FirstWord(line) == "include";
            foreach (var (word, brace) in Words(line, position, splitBraces: !isInclude))
            {
                if (brace is null)
                {
                    statement.Add(word);
                    continue;
                }
                Flush(statement, position);
                statement = [];
                Tokens.Add(new Token(brace == '{' ? TokenKind.Open : TokenKind.Close, [], position));
            }
            Flush(statement, position);
        }

        private void Flush(List<string> words, SourcePosition position)
        {
            if (words.Count == 0)
            {
                return;
            }
            if (words[0] != "include")
            {
                Tokens.Add(new Token(TokenKind.Statement, words, position));
                return;
            }
            if (words.Count != 2)
            {
                throw new KeepalivedSyntaxException(position, "include", "takes one file name or glob, e.g. include /etc/keepalived/conf.d/*.conf");
            }
            var pattern = words[1];
            if (reading.Count > KeepalivedLimits.MaxIncludeDepth)
            {
                throw new KeepalivedSyntaxException(position, "include",
                    $"{pattern}: includes nest deeper than {KeepalivedLimits.MaxIncludeDepth} files; flatten them");
            }
            var files = include?.Invoke(pattern, position)
                ?? throw new KeepalivedSyntaxException(position, "include", $"{pattern}: no such file (relative names are resolved from the including file's directory)");
            if (files.Count == 0)
            {
                // keepalived reads nothing either, silently; but whatever it matches on the director was not imported.
                report?.Invoke(new ImportReport(position, "include",
                    $"{pattern} matches no file here: nothing was imported from it; if it matches files on the director, import there or copy them here"));
            }
            foreach (var included in files)
            {
                if (reading.FindIndex(r => r.Key == included.Key) is var start and >= 0)
                {
                    var cycle = string.Join(" → ", reading.Skip(start).Append(included).Select(r => r.File));
                    throw new KeepalivedSyntaxException(position, "include", $"{pattern}: a cycle of includes ({cycle}); keepalived would read it forever");
                }
                if (++includedFiles > KeepalivedLimits.MaxIncludedFiles)
                {
                    throw new KeepalivedSyntaxException(position, "include",
                        $"{pattern}: more than {KeepalivedLimits.MaxIncludedFiles} files included in all; merge some of them");
                }
                Lex(included);
            }
        }
    }

    /// <summary>
    /// The line at <paramref name="i"/> with the lines its trailing backslashes continue on, joined by blanks;
    /// <paramref name="i"/> moves to the last of them. A backslash inside a comment continues nothing.
    /// </summary>
    private static string JoinContinuations(string[] lines, ref int i)
    {
        if (!lines[i].EndsWith('\\'))
        {
            return lines[i];
        }
        // Each piece is scanned once, the quote state carried over, so a long chain costs time linear in its length.
        var joined = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var piece = lines[i];
            if (!piece.EndsWith('\\') || CommentStart(piece, ref quoted) >= 0 || i + 1 == lines.Length)
            {
                return joined.Append(piece).ToString();
            }
            joined.Append(piece, 0, piece.Length - 1).Append(' ');
            i++;
        }
    }

    /// <summary>Where a comment starts in <paramref name="text"/> (-1 for none), continuing from a quote state.</summary>
    private static int CommentStart(string text, ref bool quoted)
    {
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\':
                    i++;
                    break;
                case '#' or '!' when !quoted:
                    return i;
            }
        }
        return -1;
    }

    private static string StripComment(string line)
    {
        var quoted = false;
        return CommentStart(line, ref quoted) is var start and >= 0 ? line[..start] : line;
    }

    /// <summary>The statement's keyword as written, for messages: its first word, or the quote or brace it starts with.</summary>
    private static string FirstWord(string line)
    {
        var text = StripComment(line).TrimStart(' ', '\t');
        var end = text.IndexOfAny([' ', '\t', '"', '{', '}']);
        return end switch
        {
            0 => text[..1],
            < 0 => text,
            _ => text[..end],
        };
    }

    /// <summary>The words of one line; braces outside quotes come back on their own, with <c>brace</c> set.</summary>
    private static IEnumerable<(string Word, char? Brace)> Words(string line, SourcePosition position, bool splitBraces)
    {
        var text = StripComment(line);
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new KeepalivedSyntaxException(position, FirstWord(line), "unterminated quote: a \" opens a string that the line never closes");
                }
                word.Append(text, i + 1, end - i - 1);
                inWord = true;
                i = end;
            }
            else if (c is ' ' or '\t' || (splitBraces && c is '{' or '}'))
            {
                if (inWord)
                {
                    yield return (word.ToString(), null);
                    word.Clear();
                    inWord = false;
                }
                if (c is '{' or '}')
                {
                    yield return ("", c);
                }
            }
            else
            {
                // keepalived keeps a backslash unless it escapes a comment character.
                if (c == '\\' && i + 1 < text.Length && text[i + 1] is '#' or '!')
                {
                    c = text[++i];
                }
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            yield return (word.ToString(), null);
        }
    }

    private sealed class Builder(string keyword, List<string> arguments, SourcePosition position)
    {
        public string Keyword => keyword;

        public List<Builder>? Children;

        // Recursive, but never deeper than MaxBlockDepth: Build refuses deeper blocks.
        public KeepalivedNode ToNode() => new(keyword, arguments, Children?.Select(c => c.ToNode()).ToList(), position);
    }

    private static IReadOnlyList<KeepalivedNode> Build(List<Token> tokens)
    {
        var root = new List<Builder>();
        var open = new Stack<(List<Builder> Children, Builder Block, SourcePosition Position)>();
        var current = root;
        Token? previous = null;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Statement:
                    current.Add(new Builder(token.Words[0], token.Words.Skip(1).ToList(), token.Position));
                    break;
                case TokenKind.Open:
                    if (previous is not { Kind: TokenKind.Statement } || current.Count == 0 || current[^1].Children is not null)
                    {
                        throw new KeepalivedSyntaxException(token.Position, "{", "'{' without a keyword before it (write it after the block's keyword, e.g. real_server 198.51.100.11 80 {)");
                    }
                    var block = current[^1];
                    if (open.Count == KeepalivedLimits.MaxBlockDepth)
                    {
                        throw new KeepalivedSyntaxException(token.Position, block.Keyword,
                            $"blocks nest deeper than {KeepalivedLimits.MaxBlockDepth}; is a '}}' missing above?");
                    }
                    open.Push((current, block, token.Position));
                    current = block.Children = [];
                    break;
                case TokenKind.Close:
                    if (open.Count == 0)
                    {
                        throw new KeepalivedSyntaxException(token.Position, "}", "unbalanced '}': no block is open here");
                    }
                    current = open.Pop().Children;
                    break;
            }
            previous = token;
        }
        if (open.Count > 0)
        {
            var (_, block, position) = open.Peek();
            throw new KeepalivedSyntaxException(position, block.Keyword, "unbalanced '{': this block is never closed");
        }
        return root.Select(b => b.ToNode()).ToList();
    }
}
