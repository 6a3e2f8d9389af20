namespace LvsActors.Cli.Tests;

/// <summary>
/// Issue 16, items 2, 3, 6 and 9 at the command line: every hostile or careless file makes validate, render and run
/// print <c>file:line: …</c> and exit 2 — no stack overflow (exit 134), no stack trace (exit 1), no silent success.
/// </summary>
public sealed class HostileConfigTests : IDisposable
{
    private const string Valid = """
        lvs {
          data-plane = dry-run
          virtual-services.web { address = "127.0.0.1:18097", real-servers = [ { address = "127.0.0.1:9101" } ] }
        }

        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes the case's files; returns the main file and the line its error must name.</summary>
    private (string File, string Line) Write(string name)
    {
        var main = Path.Combine(_folder, "main.conf");
        var (text, line) = name switch
        {
            "include-cycle" => (Valid + "include \"other.conf\"\n", "other.conf:1: include \"main.conf\" makes a cycle"),
            "deep-nesting" => (Valid + "akka.x = " + string.Concat(Enumerable.Repeat("{ a = ", 10_000)) + "1" + new string('}', 10_000) + "\n",
                "main.conf:5: objects and lists nest deeper than 64 levels"),
            "include-dev-zero" => (Valid + "include \"/dev/zero\"\n", "main.conf:5: include \"/dev/zero\": it is a character device, not a regular file"),
            "include-directory" => (Valid + "include \"/tmp\"\n", "main.conf:5: include \"/tmp\": it is a directory, not a regular file"),
            "doubling-substitutions" => (Valid + "akka.s0 = ab\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"akka.s{i} = ${{akka.s{i - 1}}}${{akka.s{i - 1}}}\n")),
                "the value joined from substitutions is longer than 1,048,576 characters"),
            "overflowing-duration" => (Valid.Replace("real-servers", "delay-loop = 99999999999999d, real-servers", StringComparison.Ordinal),
                "main.conf:3: lvs.virtual-services.web.delay-loop: 99999999999999d is out of range"),
            "akka-duration" => (Valid + "akka.actor.provider = cluster\nakka.cluster.failure-detector.heartbeat-interval = 99999999999999d\nlvs.cluster.tls.insecure = on\n",
                "main.conf:6: akka.cluster.failure-detector.heartbeat-interval: 99999999999999d is longer than Akka.NET can hold"),
            "nul-byte" => (Valid + "\0\nbogus-key = 1\n", "main.conf:5: a NUL byte"),
            "octal-real-server" => (Valid.Replace("127.0.0.1:9101", "010.0.0.1:9101", StringComparison.Ordinal),
                "\"010.0.0.1\" would be read as 8.0.0.1 by inet_aton"),
            "vip-as-real-server" => (Valid.Replace("127.0.0.1:9101", "127.0.0.1:18097", StringComparison.Ordinal),
                "main.conf:3: lvs.virtual-services.web.real-servers[0].address: 127.0.0.1:18097 is the virtual service itself"),
            _ => throw new ArgumentException(name),
        };
        File.WriteAllText(main, text);
        File.WriteAllText(Path.Combine(_folder, "other.conf"), "include \"main.conf\"\n");
        return (main, line);
    }

    [Theory]
    [InlineData("include-cycle")]
    [InlineData("deep-nesting")]
    [InlineData("include-dev-zero")]
    [InlineData("include-directory")]
    [InlineData("doubling-substitutions")]
    [InlineData("overflowing-duration")]
    [InlineData("akka-duration")]
    [InlineData("nul-byte")]
    [InlineData("octal-real-server")]
    [InlineData("vip-as-real-server")]
    public void Validate_render_and_run_report_the_file_and_line_and_exit_2(string name)
    {
        var (file, line) = Write(name);
        foreach (var args in new[] { new[] { "validate", file }, ["render", file], ["run", "--config", file] })
        {
            var run = Lvsactors.Invoke(args);
            var what = $"lvsactors {args[0]} on {name}: exit {run.ExitCode}\n{run.Stderr}";
            Assert.True(run.ExitCode == 2, what);
            Assert.Contains(line, run.Stderr);
            Assert.StartsWith(_folder, run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr);
            Assert.DoesNotContain(Configuration.LvsConfigLoader.InternalError, run.Stderr);
        }
    }
}
