using System.Text;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Keepalived;

/// <summary>
/// Reads keepalived.conf as keepalived's own parser (lib/parser.c) does: one statement per line, words split on
/// blanks, double quotes keeping blanks in a word, <c>#</c> and <c>!</c> starting a comment outside quotes (a
/// backslash makes them literal), a trailing backslash continuing the line, <c>{</c> and <c>}</c> opening and closing
/// blocks, and <c>include</c> with globs anywhere. Reads no files itself: includes come through the resolver.
/// </summary>
public static class KeepalivedParser
{
    // keepalived follows includes without a depth limit; a cycle would recurse forever, so we stop at a depth no real
    // configuration reaches.
    private const int MaxIncludeDepth = 32;

    /// <summary>Parses <paramref name="text"/>, read from <paramref name="file"/>, into its top-level statements.</summary>
    /// <exception cref="KeepalivedSyntaxException">Unbalanced braces or quotes, or an include that names no file.</exception>
    public static IReadOnlyList<KeepalivedNode> Parse(string text, string file, KeepalivedIncludeResolver? include = null)
    {
        var tokens = new List<Token>();
        Lex(text, file, include, tokens, 0);
        return Build(tokens);
    }

    private enum TokenKind { Statement, Open, Close }

    private sealed record Token(TokenKind Kind, List<string> Words, SourcePosition Position);

    private static void Lex(string text, string file, KeepalivedIncludeResolver? include, List<Token> tokens, int depth)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var position = new SourcePosition(file, i + 1);
            var line = lines[i];
            // A backslash at the end of a line joins the next one to it.
            while (line.EndsWith('\\') && !CommentStarts(line) && i + 1 < lines.Length)
            {
                line = line[..^1] + " " + lines[++i];
            }
            var statement = new List<string>();
            // keepalived takes an include line whole, before it splits lines at braces: {a,b} in a glob is not a block.
            var isInclude = StripComment(line).TrimStart().Split([' ', '\t'], 2)[0] == "include";
            foreach (var (word, brace) in Words(line, position, splitBraces: !isInclude))
            {
                if (brace is null)
                {
                    statement.Add(word);
                    continue;
                }
                Flush(statement, position, include, tokens, depth);
                statement = [];
                tokens.Add(new Token(brace == '{' ? TokenKind.Open : TokenKind.Close, [], position));
            }
            Flush(statement, position, include, tokens, depth);
        }
    }

    private static bool CommentStarts(string line) => StripComment(line).Length < line.Length;

    private static void Flush(List<string> words, SourcePosition position, KeepalivedIncludeResolver? include, List<Token> tokens, int depth)
    {
        if (words.Count == 0)
        {
            return;
        }
        if (words[0] != "include")
        {
            tokens.Add(new Token(TokenKind.Statement, words, position));
            return;
        }
        if (words.Count != 2)
        {
            throw new KeepalivedSyntaxException(position, "include takes one file name or glob, e.g. include /etc/keepalived/conf.d/*.conf");
        }
        if (depth >= MaxIncludeDepth)
        {
            throw new KeepalivedSyntaxException(position, $"include {words[1]}: includes nest deeper than {MaxIncludeDepth}; does a file include itself?");
        }
        var files = include?.Invoke(words[1], position)
            ?? throw new KeepalivedSyntaxException(position, $"include {words[1]}: no such file (relative names are resolved from the including file's directory)");
        foreach (var included in files)
        {
            Lex(included.Text, included.File, include, tokens, depth + 1);
        }
    }

    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\':
                    i++;
                    break;
                case '#' or '!' when !quoted:
                    return line[..i];
            }
        }
        return line;
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
                    throw new KeepalivedSyntaxException(position, "unterminated quote: a \" opens a string that the line never closes");
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
        public List<Builder>? Children;

        public KeepalivedNode ToNode() => new(keyword, arguments, Children?.Select(c => c.ToNode()).ToList(), position);
    }

    private static IReadOnlyList<KeepalivedNode> Build(List<Token> tokens)
    {
        var root = new List<Builder>();
        var open = new Stack<(List<Builder> Children, SourcePosition Position)>();
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
                        throw new KeepalivedSyntaxException(token.Position, "'{' without a keyword before it (write it after the block's keyword, e.g. real_server 198.51.100.11 80 {)");
                    }
                    open.Push((current, token.Position));
                    current = current[^1].Children = [];
                    break;
                case TokenKind.Close:
                    if (open.Count == 0)
                    {
                        throw new KeepalivedSyntaxException(token.Position, "unbalanced '}': no block is open here");
                    }
                    current = open.Pop().Children;
                    break;
            }
            previous = token;
        }
        if (open.Count > 0)
        {
            var (_, position) = open.Peek();
            throw new KeepalivedSyntaxException(position, "unbalanced '{': this block is never closed");
        }
        return root.Select(b => b.ToNode()).ToList();
    }
}
