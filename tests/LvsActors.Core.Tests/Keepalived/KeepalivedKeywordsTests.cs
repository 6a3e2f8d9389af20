using System.Diagnostics;
using System.Text.RegularExpressions;
using LvsActors.Keepalived;

namespace LvsActors.Tests.Keepalived;

/// <summary>
/// Every keyword KEEPALIVED.md lists is either mapped or reported by the importer; the checked-in list is derived from
/// that document (the plan's KEEPALIVED.md, beside the repository in shared/ or named by LVSACTORS_KEEPALIVED_MD), and
/// checked against it: without the document that test fails, saying where it looked.
/// </summary>
public sealed partial class KeepalivedKeywordsTests
{
    private const string DocumentVariable = "LVSACTORS_KEEPALIVED_MD";

    private static readonly IReadOnlyList<(string Keyword, string Spelling)> Listed = File.ReadAllLines(
            RepositoryRoot.Of("tests", "LvsActors.Core.Tests", "Keepalived", "keepalived-md-keywords.txt"))
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(w => (w[0], w.Length > 1 ? w[1] : w[0]))
        .ToList();

    [Fact]
    public void Every_listed_keyword_is_mapped_or_reported()
    {
        var unknown = Listed.Where(k => !KeepalivedKeywords.Table.ContainsKey(k.Keyword)).Select(k => k.Keyword).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Bfd_is_reported_as_out_of_scope()
    {
        Assert.Equal(KeywordHandling.Reported, KeepalivedKeywords.Table["BFD_CHECK"].Handling);
        Assert.StartsWith("out of scope", KeepalivedKeywords.Table["BFD_CHECK"].Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_listed_keyword_appears_in_the_corpus()
    {
        var corpus = string.Join('\n', Directory.GetFiles(CorpusFiles.Folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".txt", StringComparison.Ordinal) && !f.EndsWith(".expected.conf", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var missing = Listed.Where(k => !Regex.IsMatch(corpus, $@"(^|\s){Regex.Escape(k.Keyword)}(\s|$)", RegexOptions.Multiline)).Select(k => k.Keyword).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void The_list_matches_keepalived_md()
    {
        var text = File.ReadAllText(FindDocument());
        text = text[..text.IndexOf("## Known pains", StringComparison.Ordinal)];
        // Every keyword-shaped word the document quotes (snake_case, CHECKS, sh-port) must be on the list …
        var quoted = CodeSpans().Matches(text).SelectMany(m => KeywordShaped().Matches(m.Groups[1].Value)).Select(m => m.Value).ToHashSet();
        var unlisted = quoted.Where(q => !Listed.Any(k => k.Keyword == q)).ToList();
        Assert.Empty(unlisted);
        // … and every entry on the list must be written in the document.
        var unwritten = Listed.Where(k => !Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(k.Spelling)}(?![\w-])")).Select(k => k.Keyword).ToList();
        Assert.Empty(unwritten);
    }

    /// <summary>The plan document: $LVSACTORS_KEEPALIVED_MD, or shared/KEEPALIVED.md in a folder above the checkout.</summary>
    private static string FindDocument()
    {
        if (Environment.GetEnvironmentVariable(DocumentVariable) is { Length: > 0 } named)
        {
            Assert.True(File.Exists(named), $"{DocumentVariable}={named}: no such file");
            return named;
        }
        for (var dir = new DirectoryInfo(RepositoryRoot.Path); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "KEEPALIVED.md");
            if (File.Exists(path))
            {
                return path;
            }
        }
        Assert.Fail($"KEEPALIVED.md not found: no shared/KEEPALIVED.md in {RepositoryRoot.Path} or a folder above it, and {DocumentVariable} is not set. " +
            "This test checks keepalived-md-keywords.txt against that document; set the variable to its path.");
        throw new UnreachableException();
    }

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpans();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+")]
    private static partial Regex KeywordShaped();
}
