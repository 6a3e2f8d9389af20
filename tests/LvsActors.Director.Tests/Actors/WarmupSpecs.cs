using System.Diagnostics;
using Xunit.Abstractions;

namespace LvsActors.Director.Tests.Actors;

/// <summary>Many checkers do not fire in the same millisecond: each starts after a random part of its warmup.</summary>
public sealed class WarmupSpecs(ITestOutputHelper output) : DirectorSpec(output)
{
    // HTTP checks, because the listener must accept to see a probe (a TCP check's half-open probe never reaches
    // accept). The listener closes without answering, so each check fails once and, with retry 0 and a 60 s delay
    // loop, does not probe again within the spec: every accept is a first probe.
    [Fact]
    public void First_probes_spread_over_the_warmup()
    {
        using var listener = new Listener();
        const int servers = 300;
        var realServers = string.Join("\n", Enumerable.Range(0, servers).Select(i =>
            $"{{ address = \"127.0.0.{1 + i / 250}:{20000 + i}\", checks = [ {{ type = http, urls = [ {{ path = \"/\" }} ], retry = 0, connect-address = 127.0.0.1, connect-port = {listener.Port} }} ] }}"));
        var start = Stopwatch.GetTimestamp();
        StartDirector(Config($$"""
            lvs.virtual-services.web {
              address = "127.0.0.1:18085"
              scheduler = rr
              delay-loop = 60s
              warmup = 2s
              real-servers = [
            {{realServers}}
              ]
            }
            """));

        AwaitAssert(() => Assert.Equal(servers, listener.Accepted.Count), TimeSpan.FromSeconds(15));
        var seconds = listener.Accepted.Select(t => Stopwatch.GetElapsedTime(start, t).TotalSeconds).Order().ToList();
        // Uniform over 2 s, 300 probes put about 15 in any 100 ms; all at once would put 300 there.
        var busiest = seconds.Select((s, i) => seconds.Skip(i).TakeWhile(x => x - s < 0.1).Count()).Max();
        Assert.True(busiest < servers / 4, $"{busiest} of {servers} first probes fell within 100 ms");
        Assert.True(seconds[^1] - seconds[0] > 1.0, $"first probes spanned only {seconds[^1] - seconds[0]:0.000} s of a 2 s warmup");
    }
}
