using System.Text;
using CsCheck;
using LvsActors.Configuration;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Tests.Configuration;

/// <summary>
/// Issue 16: the reader under random damage. The example configurations are mutated (bytes changed, braces, quotes,
/// substitutions, includes, NUL bytes and deep nesting inserted, pieces cut or repeated), and the loader must answer
/// with a result or errors — never an exception, never an error the reader did not foresee — and whatever it accepts
/// must survive being written back for Akka.NET. CsCheck prints the seed of a failure; rerun with it to reproduce.
/// </summary>
public sealed class HoconReaderFuzzTests
{
    private static readonly string[] Seeds = Directory.GetFiles(RepositoryRoot.Of("hocon"), "*.conf").Order()
        .Select(File.ReadAllText)
        .Append("a = 1\nb = ${a}\nc = ${?b} x\nd = [1, 2]\nd += 3\ne { f = ${d} }\n")
        .Append("lvs { data-plane = dry-run }\ninclude \"other.conf\"\n")
        .ToArray();

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "\"", "\"\"\"", "${", "${?", "${a}", "${lvs}", "${akka}", "${self}", "include \"other.conf\"\n",
        "include \"self.conf\"\n", "include required(\"missing.conf\")\n", "include file(\"other.conf\")\n", "\0", ",", "=", ":", "+=",
        "\n", "#", "//", "\\", "\\u00", "\\u0000", ".", "a.b.c", "99999999999999d", "999999999999999999999", "010.0.0.1", "0x7f.0.0.1",
        "\r\n", "\uFEFF", "\u00e9", "\uD800", " ", "\t", "$", "?", "\"\"",
    ];

    private static readonly string[] Values =
    [
        "99999999999999d", "999999999999999999999", "1e400", "-1", "0", "010.0.0.1:80", "\"0x7f.0.0.1:80\"", "\"0.0.0.0:0\"",
        "\"[::]:80\"", "\"255.255.255.255:80\"", "\"224.0.0.1:80\"", "\"fe80::1%eth0\"", "${ENV}", "${?NONE}", "{ }", "[ ]", "null",
        "\"\"", "18446744073709551616", "NaN", "Infinity", "9999999999 hours", "1.5.5", "true",
    ];

    // The included files: one plain, one the mutated document itself (cycles), one missing.
    private static Func<string, SourcePosition, (string Text, string File)?> Includes(string self) => (name, _) => name switch
    {
        "other.conf" => ("x = 1\ny = ${?x}\n", "other.conf"),
        "self.conf" => (self, "self.conf"),
        _ => null,
    };

    private static readonly Gen<(int Seed, (int Kind, int Position, int Argument)[] Mutations)> Damage =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 7], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Array[1, 8]);

    private static string Apply(int seed, (int Kind, int Position, int Argument)[] mutations)
    {
        var text = new StringBuilder(Seeds[seed]);
        foreach (var (kind, position, argument) in mutations)
        {
            var at = text.Length == 0 ? 0 : position % (text.Length + 1);
            switch (kind)
            {
                case 0 when text.Length > 0:
                    text[Math.Min(at, text.Length - 1)] = (char)(argument % 128);
                    break;
                case 1:
                    text.Insert(at, Tokens[argument % Tokens.Length]);
                    break;
                case 2:
                    var depth = argument % 150;
                    text.Insert(at, "\nn = " + string.Concat(Enumerable.Repeat(argument % 2 == 0 ? "{ k = " : "[", depth)) + "1\n");
                    break;
                case 3:
                    text.Insert(at, "\n" + string.Join('.', Enumerable.Repeat("k", 1 + argument % 150)) + " = 1\n");
                    break;
                case 4:
                    text.Remove(at, Math.Min(argument % 64, text.Length - at));
                    break;
                case 5:
                    var length = Math.Min(argument % 128, text.Length - at);
                    text.Insert(at, text.ToString(at, length));
                    break;
                case 6:
                    text.Insert(at, $"\ns{argument % 4} = ${{s{argument % 4}}}${{s{(argument + 1) % 4}}}\n");
                    break;
                case 7:
                    // A value replaced where the binders read it: after the next '='.
                    var equals = text.ToString().IndexOf('=', at);
                    if (equals >= 0)
                    {
                        var end = text.ToString().IndexOf('\n', equals);
                        end = end < 0 ? text.Length : end;
                        text.Remove(equals + 1, end - equals - 1).Insert(equals + 1, " " + Values[argument % Values.Length]);
                    }
                    break;
            }
        }
        return text.ToString();
    }

    [Fact]
    public void Damaged_configurations_give_a_result_or_errors_and_never_throw()
    {
        Damage.Sample(d =>
        {
            var text = Apply(d.Seed, d.Mutations);
            var result = LvsConfigLoader.Load(text, "fuzz.conf", Includes(text), name => name == "ENV" ? "from-env" : null);
            Assert.True(result.IsValid == (result.Errors.Count == 0), "valid exactly when there are no errors");
            Assert.DoesNotContain(result.Errors, e => e.Message.Contains(LvsConfigLoader.InternalError, StringComparison.Ordinal));
            Assert.All(result.Errors, e => Assert.False(string.IsNullOrEmpty(e.Message)));
            if (result.Document is { } document)
            {
                // What we accept is written back for Akka.NET's reader: it must parse again, to the same text.
                var written = HoconWriter.Write(document);
                Assert.Equal(written, HoconWriter.Write(HoconDocument.Parse(written, "written.conf")));
            }
        }, iter: 20000, print: d => $"seed file {d.Seed}, mutations {string.Join(" ", d.Mutations.Select(m => $"({m.Kind},{m.Position},{m.Argument})"))}");
    }
}
