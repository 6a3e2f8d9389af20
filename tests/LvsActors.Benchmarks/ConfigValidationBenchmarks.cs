using System.Text;
using BenchmarkDotNet.Attributes;
using LvsActors.Configuration;
using LvsActors.Configuration.Hocon;

namespace LvsActors.Benchmarks;

/// <summary>
/// Validating a large table: 1,000 virtual services × 10 real servers with a TCP check each, from text to a
/// validated model, and the HOCON parse alone.
/// </summary>
[MemoryDiagnoser]
public class ConfigValidationBenchmarks
{
    private string _text = "";

    [Params(1000)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup() => _text = LargeConfig(Services, 10);

    [Benchmark]
    public int ParseOnly() => HoconDocument.Parse(_text, "large.conf").Fields.Count;

    [Benchmark]
    public int ParseAndValidate()
    {
        var result = LvsConfigLoader.Load(_text, "large.conf");
        return result.IsValid ? result.Value!.VirtualServices.Count : throw new InvalidOperationException(result.Errors[0].ToString());
    }

    /// <summary>A realistic configuration of <paramref name="services"/> services with <paramref name="realServers"/> each.</summary>
    public static string LargeConfig(int services, int realServers)
    {
        var text = new StringBuilder("lvs {\n  data-plane = ipvs\n  virtual-services {\n");
        for (var s = 0; s < services; s++)
        {
            text.Append($"    svc-{s} {{\n      address = \"192.0.{2 + s / 250}.{s % 250 + 1}:80\"\n      scheduler = wlc\n      delay-loop = 6s\n");
            text.Append("      real-servers = [\n");
            for (var r = 0; r < realServers; r++)
            {
                text.Append($"        {{ address = \"198.51.{100 + r}.{s % 250 + 1}:8080\", weight = {r + 1}, checks = [ {{ type = tcp, connect-timeout = 2s }} ] }}\n");
            }
            text.Append("      ]\n    }\n");
        }
        return text.Append("  }\n}\n").ToString();
    }
}
