using System.Text;
using LvsActors.Director.Checks;
using LvsActors.Director.Tests.Checks.Servers;
using LvsActors.Linux.Probes;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

/// <summary>
/// HTTP_GET through the checker's own loop on the probe engine (Linux): every case of <see cref="HttpCheckerSpecs"/>
/// with the same verdicts and reasons, and what only a loop does: probe after probe on one reader, silent repeats.
/// </summary>
public sealed class HttpCheckerLoopTests : HttpCheckerSpecs, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly TcpProbeEngine _engine = new("http-probes-test");

    public void Dispose() => _engine.Dispose();

    protected override async Task<CheckResult> RunAsync(HealthCheckSpec spec, Endpoint realServer, TimeSpan? timeout = null)
    {
        var owner = new ProbeLoopResults();
        using var loop = Start((HttpCheckSpec)spec, realServer, owner, timeout ?? Probe.Timeout);
        loop.Run(TimeSpan.Zero, ProbeUntil.Next);
        return await Task.Run(() => owner.Next().Result);
    }

    [Fact]
    public async Task Answers_repeat_silently_until_the_status_changes_which_is_reported_with_its_reason()
    {
        var status = 200;
        await using var server = HttpTestServer.Start(_ => HttpTestServer.Response(Volatile.Read(ref status), "ok"u8.ToArray()));
        var owner = new ProbeLoopResults();
        using var loop = Start(Spec(Url()), Probe.Loopback(server.Port), owner, Probe.Timeout);

        loop.Run(TimeSpan.Zero, ProbeUntil.Failure);
        for (var i = 0; i < 3; i++)
        {
            var silent = owner.Next();
            Assert.False(silent.Reported);
            Assert.Equal("HTTP 200 for /health", silent.Result.Reason);
        }
        Volatile.Write(ref status, 503);

        var reported = owner.NextReported();
        Assert.False(reported.Result.Up);
        Assert.Equal($"HTTP 503 not in 200-299 for /health from 127.0.0.1:{server.Port}", reported.Result.Reason);
    }

    [Fact]
    public async Task A_digest_and_a_regex_are_judged_afresh_on_every_probe_of_one_loop()
    {
        var body = "generation 1";
        await using var server = HttpTestServer.Start(_ => HttpTestServer.Response(200, Encoding.ASCII.GetBytes(Volatile.Read(ref body))));
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("generation 1"u8));
        var owner = new ProbeLoopResults();
        using var loop = Start(Spec(Url(digest: digest, regex: "generation [0-9]")), Probe.Loopback(server.Port), owner, Probe.Timeout);

        loop.Run(TimeSpan.Zero, ProbeUntil.Failure);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(owner.Next().Result.Up);
        }
        Volatile.Write(ref body, "generation 2");

        var reported = owner.NextReported();
        Assert.StartsWith("digest mismatch for /health", reported.Result.Reason);
    }

    [Fact]
    public async Task Headers_longer_than_64_KiB_are_refused_with_the_reason()
    {
        var endless = Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n" + new string('x', 70 * 1024));
        await using var server = HttpTestServer.Start(_ => endless);

        var result = await RunAsync(Spec(Url()), Probe.Loopback(server.Port));

        Assert.False(result.Up);
        Assert.Equal($"GET /health from 127.0.0.1:{server.Port} failed: the response headers exceed 64 KiB", result.Reason);
    }

    [Fact]
    public void SSL_GET_has_no_loop_on_the_engine_and_is_timed_by_its_owner()
    {
        var checker = new HttpChecker(Spec(Url()) with { Tls = true }, CheckEndpoints.For(ConnectOptions.Default, Probe.Loopback(Probe.ClosedPort())), _engine);

        Assert.Null(checker.StartLoop(Interval, Probe.Timeout, new ProbeLoopResults()));
    }

    private IProbeLoop Start(HttpCheckSpec spec, Endpoint realServer, ProbeLoopResults owner, TimeSpan timeout)
    {
        var checker = new HttpChecker(spec, CheckEndpoints.For(spec.Connect, realServer), _engine);
        return checker.StartLoop(Interval, timeout, owner) ?? throw new InvalidOperationException("HTTP_GET has no loop on the engine");
    }
}
