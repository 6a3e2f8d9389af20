using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace LvsActors.Lab.Tests;

/// <summary>
/// <c>lvsactors render</c> against the real ipvsadm 1.31 and the kernel's IPVS: what render prints, restored with
/// <c>ipvsadm -R</c>, must come back byte for byte from <c>ipvsadm -S -n</c> (scenario render-roundtrip).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RenderRoundTripTests(ITestOutputHelper output)
{
    // quickstart.conf is left out: its addresses are 127.0.0.1, outside the documentation ranges the lab may use.
    // Its features (wrr, NAT, weights) are in the other files.
    private static readonly string[] NotInTheLab = ["quickstart"];

    [Fact]
    public async Task Rendered_tables_come_back_unchanged_from_ipvsadm_save_after_restore()
    {
        var runner = LabRunner.Locate();
        var rendered = await RenderAllAsync();
        var files = new Dictionary<string, string>();
        foreach (var file in rendered)
        {
            files[$"rendered/{file.Name}.rules"] = file.Text;
            if (file.Program is { } program)
            {
                files[$"program/{file.Name}.rules"] = program;
            }
        }

        var run = await runner.RunAsync("render-roundtrip", new LabOptions { Output = output.WriteLine, Files = files });

        var diffs = Path.Combine(run.ResultDirectory, "diffs");
        var shown = Directory.Exists(diffs) ? string.Concat(Directory.GetFiles(diffs).Order().Select(File.ReadAllText)) : "";
        Assert.True(run.Succeeded, $"{shown}\n{run.Describe()}");
        var compared = run.ReadLines("compared.txt");
        Assert.Equal(rendered.Count, compared.Count);
        Assert.Equal(
            rendered.Select(f => $"{f.Name} same").Order(StringComparer.Ordinal),
            compared.Order(StringComparer.Ordinal));
        output.WriteLine($"{compared.Count} files compared; whole lab run {run.Elapsed.TotalSeconds:F1} s");
    }

    private const string ExampleTlsDirectory = "/etc/lvsactors/tls/";

    // Certificates for director-1..3 from a new cluster CA, made once per run in the scratch folder.
    private static async Task<string> ClusterCertificatesAsync(string scratch)
    {
        var tls = Path.Combine(scratch, "tls");
        if (!Directory.Exists(tls))
        {
            var made = await Lvsactors.InvokeAsync(["cluster-certs", "--out", tls, "director-1", "director-2", "director-3"], TimeSpan.FromMinutes(1));
            Assert.True(made.ExitCode == 0, $"lvsactors cluster-certs exited {made.ExitCode}:\n{made.Stderr}");
        }
        return tls;
    }

    /// <summary>One rendered file: its name, render's output, and what ipvsadm -R reads instead when not that.</summary>
    private sealed record RenderedFile(string Name, string Text, string? Program);

    // Renders hocon/*.conf and RenderCases.All on the host, with the CLI the test project references.
    private async Task<IReadOnlyList<RenderedFile>> RenderAllAsync()
    {
        var scratch = Directory.CreateTempSubdirectory("lvsactors-render-");
        try
        {
            var files = Directory.GetFiles(RepositoryRoot.Of("hocon"), "*.conf")
                .Where(f => !NotInTheLab.Contains(Path.GetFileNameWithoutExtension(f)))
                .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Path: f, Program: (Func<string, string>?)null))
                .ToList();
            // The cluster examples name certificates in /etc/lvsactors/tls, which run and render check exist: they are
            // rendered as copies pointing at certificates made for this run with cluster-certs, as an operator would.
            for (var i = 0; i < files.Count; i++)
            {
                var text = await File.ReadAllTextAsync(files[i].Path);
                if (!text.Contains(ExampleTlsDirectory, StringComparison.Ordinal))
                {
                    continue;
                }
                var tls = await ClusterCertificatesAsync(scratch.FullName);
                var copy = Path.Combine(scratch.FullName, Path.GetFileName(files[i].Path));
                await File.WriteAllTextAsync(copy, text.Replace(ExampleTlsDirectory, tls + "/", StringComparison.Ordinal));
                files[i] = files[i] with { Path = copy };
            }
            foreach (var c in RenderCases.All)
            {
                var path = Path.Combine(scratch.FullName, $"{c.Name}.conf");
                await File.WriteAllTextAsync(path, c.Config);
                files.Add((c.Name, path, c.Program));
            }
            // hocon/ holds six examples with tables besides quickstart; fewer means the lookup went wrong.
            Assert.True(files.Count >= RenderCases.All.Count + 6, $"expected at least 6 examples in hocon/, found {files.Count - RenderCases.All.Count}");

            var stopwatch = Stopwatch.StartNew();
            var rendered = await Task.WhenAll(files.Select(async f =>
            {
                var result = await Lvsactors.InvokeAsync(["render", f.Path], TimeSpan.FromMinutes(2));
                Assert.True(result.ExitCode == 0, $"lvsactors render {f.Path} exited {result.ExitCode}:\n{result.Stderr}");
                Assert.NotEmpty(result.Stdout);
                return new RenderedFile(f.Name, result.Stdout, f.Program?.Invoke(result.Stdout));
            }));
            output.WriteLine($"rendered {rendered.Length} files on the host in {stopwatch.Elapsed.TotalSeconds:F1} s");
            return rendered;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
