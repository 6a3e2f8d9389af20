using System.Text;
using CsCheck;
using LvsActors.Keepalived;
using Xunit.Abstractions;

namespace LvsActors.Tests.Keepalived;

/// <summary>
/// The importer under mutated keepalived.conf: corpus files with bytes, braces and quotes changed, includes of
/// everything hostile on disk (FIFOs, devices, cycles, globs), deep nesting and huge ranges. Whatever the input,
/// the import returns HOCON or a syntax error that says file:line: keyword: why — it never throws, and never hangs.
/// </summary>
public sealed class KeepalivedFuzzTests(ITestOutputHelper output) : IDisposable
{
    // Sampled for a fixed time rather than a fixed count, so that a loaded machine cannot stretch the run; CsCheck
    // prints the seed of a failure (rerun it with CsCheck_Seed=…).
    private const int Seconds = 15;

    // Far beyond any one import (milliseconds); only a hang gets there.
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(30);

    private static readonly string[] Samples = Directory.GetFiles(CorpusFiles.Folder, "*", SearchOption.AllDirectories)
        .Where(f => f.EndsWith(".keepalived.conf", StringComparison.Ordinal) || f.EndsWith(".inc", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    private static readonly char[] Interesting = "{}\"\\#!\n\r \t\0-:[]*?,$@/.é\uD800\uFFFF".ToCharArray();

    private static readonly string[] IncludePatterns =
    [
        "loop.conf", "ping.conf", "loop-link.conf", "pipe.conf", "zero.conf", "/dev/zero", "conf.d", "conf.d/*", "conf.d/*.conf",
        "conf.d/{a,b}.conf", "conf.d/{a,{b,[c]}}.conf", "conf.d/.*", "foo[.conf", "[", "[!]", "[[:nope:]]", "*", "*/*", "*/*/*",
        "missing.conf", "big.conf", "unreadable.conf", "main.conf", "../*", "/", ".", "..", "", "\\*", "{a,b", "{{{{a}}}}",
        string.Concat(Enumerable.Repeat("{a,b}", 10)), new string('*', 5000), "conf.d/" + new string('?', 300),
    ];

    private static readonly string[] Ranges =
    [
        "192.0.2.0-255", "192.0.2.1-300", "2001:db8::0-ffff", "2001:db8::ff00-ffff", "2001:db8::1-0", "10.0.0.5-4", "1.2.3.4-",
        "-5", "::-1", "2001:db8::0-fffff", "192.0.2.0-2147483647", "192.0.2.0--1", "fwmark 1", "192.0.2.1",
    ];

    private readonly HostileFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>One change to the text; <c>Where</c> picks the place, <c>Size</c> and <c>Pick</c> the rest.</summary>
    public sealed record Mutation(int Kind, double Where, int Size, int Pick)
    {
        public override string ToString() => $"({Kind}, {Where:0.###}, {Size}, {Pick})";
    }

    private static readonly Gen<Mutation> MutationGen =
        Gen.Select(Gen.Int[0, 12], Gen.Double[0, 1], Gen.Int[0, 4000], Gen.Int[0, 100_000], (k, w, s, p) => new Mutation(k, w, s, p));

    private static readonly Gen<(int Sample, Mutation[] Mutations)> CaseGen = Gen.Select(Gen.Int[0, Samples.Length - 1], MutationGen.Array[1, 6]);

    [Fact]
    public void Mutated_configurations_import_or_fail_with_a_located_syntax_error_and_never_throw()
    {
        Assert.True(Samples.Length >= 10, $"the corpus in {CorpusFiles.Folder} holds {Samples.Length} samples; the fuzzer needs its files");
        Assert.True(folder.UnreadableProblem is null, folder.UnreadableProblem);
        // On disk, main.conf includes itself: the mutated text's "include main.conf" then closes a cycle.
        File.WriteAllText(folder.In("main.conf"), "include main.conf\n");
        CaseGen.Sample(c =>
        {
            var text = Samples[c.Sample];
            foreach (var mutation in c.Mutations)
            {
                text = Apply(text, mutation);
            }
            var file = folder.In("main.conf");
            var work = Task.Run(() => KeepalivedImporter.Import(new IncludedFile(text, file), new KeepalivedFiles().Resolve));
            if (!work.Wait(HangAfter))
            {
                throw new TimeoutException($"the import did not finish within {HangAfter.TotalSeconds} s");
            }
            var import = work.Result;
            if (import.SyntaxError is { } error)
            {
                Assert.Null(import.Hocon);
                Assert.True(error.Position.Line >= 1, error.ToString());
                Assert.False(string.IsNullOrEmpty(error.Keyword), error.ToString());
                Assert.False(string.IsNullOrEmpty(error.Reason), error.ToString());
            }
            else
            {
                Assert.NotNull(import.Hocon);
                Assert.All(import.Reports, r => Assert.True(r.Position.Line >= 1 && r.Reason.Length > 0, r.ToString()));
            }
        }, writeLine: output.WriteLine, time: Seconds, threads: 1);
    }

    private static string Apply(string text, Mutation m)
    {
        var at = (int)(m.Where * text.Length);
        var pick = (string[] options) => options[m.Pick % options.Length];
        return m.Kind switch
        {
            0 when text.Length > 0 => text[..Math.Min(at, text.Length - 1)] + Interesting[m.Pick % Interesting.Length] + text[Math.Min(at + 1, text.Length)..],
            1 => text.Insert(at, Interesting[m.Pick % Interesting.Length].ToString()),
            2 => text.Remove(at, Math.Min(m.Size % 64, text.Length - at)),
            3 => text.Insert(m.Pick % (text.Length + 1), text.Substring(at, Math.Min(m.Size % 200, text.Length - at))),
            4 => text.Insert(LineStart(text, at), $"include {pick(IncludePatterns)}\n"),
            5 => text.Insert(LineStart(text, at), GlobLine(m)),
            6 => text.Insert(LineStart(text, at), Nested(m.Pick % 50 == 0 ? 100_000 : 60 + m.Size % 10, closed: m.Pick % 2 == 0)),
            7 => text.Insert(LineStart(text, at), RangeGroup(pick(Ranges), uses: 1 + m.Size % 20)),
            8 => text.Insert(at, string.Concat(Enumerable.Repeat("\\\n", 1 + m.Size))),
            9 => text.Insert(at, new string(Interesting[m.Pick % Interesting.Length], 1 + m.Size * 10)),
            10 => text.Insert(LineStart(text, at), "\"" + pick(["include", "virtual_server", "real_server", ""]) + " "),
            11 => WithoutArguments(text, LineStart(text, at)),
            _ => ReplaceWord(text, at, pick(Values)),
        };
    }

    /// <summary>The statement at <paramref name="start"/> with its keyword and braces only: mappers meet missing arguments.</summary>
    private static string WithoutArguments(string text, int start)
    {
        var end = text.IndexOf('\n', start) is var n and >= 0 ? n : text.Length;
        var words = text[start..end].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var kept = words.Take(1).Concat(words.Where(w => w is "{" or "}"));
        return text[..start] + string.Join(' ', kept) + text[end..];
    }

    /// <summary>The word around <paramref name="at"/> replaced by <paramref name="value"/>.</summary>
    private static string ReplaceWord(string text, int at, string value)
    {
        var start = at;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }
        var end = at;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }
        return text[..start] + value + text[end..];
    }

    private static readonly string[] Values =
    [
        "\"\"", "0", "-1", "99999999999999999999", "1e9", "0.0000001", "NaN", "abc", "::", "0.0.0.0", "255.255.255.255", "[::1]:80",
        "192.0.2.1", "2001:db8::1", "65536", "-", "on", "off", "inet6", "group", "fwmark", "TUN", "type", "port", "|", "$X", "@a",
    ];

    private static int LineStart(string text, int at) => at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;

    /// <summary>An include of a random glob of wildcards, sets, braces and escapes.</summary>
    private static string GlobLine(Mutation m)
    {
        const string alphabet = "*?[]!^-{},\\/.ac:";
        var glob = new StringBuilder();
        for (int i = 0, seed = m.Pick; i < 1 + m.Size % 24; i++, seed = seed * 31 + 7)
        {
            glob.Append(alphabet[(seed & int.MaxValue) % alphabet.Length]);
        }
        return $"include {glob}\n";
    }

    private static string Nested(int depth, bool closed) =>
        string.Concat(Enumerable.Repeat("a {\n", depth)) + (closed ? string.Concat(Enumerable.Repeat("}\n", depth)) : "");

    private static string RangeGroup(string member, int uses) =>
        $"virtual_server_group FUZZ {{\n  {member} 80\n}}\n"
        + string.Concat(Enumerable.Repeat("virtual_server group FUZZ {\n  real_server 198.51.100.1 80 {\n  }\n}\n", uses));
}
