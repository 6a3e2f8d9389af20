using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LvsActors.Admin.Tests;

/// <summary>
/// Issue 18's scenario with real traffic: three <c>lvsactors run</c> processes on loopback, each relaying its own
/// virtual service (127.0.0.1, a port of its own) on the userspace data plane to the same two real HTTP servers, while
/// clients keep opening new connections through every director. The drained real server counts every connection it
/// accepts; health checks go to a port it does not count.
/// </summary>
public sealed class ReplicatedIntentProcessSpecs : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly CountingHttpServer _drained = new("a");
    private readonly CountingHttpServer _serving = new("b");
    private readonly int[] _servicePorts = [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()];
    private readonly LoopbackDirectors _directors;
    private NewConnectionLoop? _clients;

    public ReplicatedIntentProcessSpecs(ITestOutputHelper output)
    {
        _output = output;
        _directors = new LoopbackDirectors(i => $$"""
            data-plane = userspace
            virtual-services.web {
              address = "127.0.0.1:{{_servicePorts[i]}}"
              scheduler = rr
              delay-loop = 1s
              real-servers = [
                { address = "{{_drained.Address}}", checks = [ { type = tcp, connect-port = {{_drained.CheckPort}}, connect-timeout = 1s } ] }
                { address = "{{_serving.Address}}", checks = [ { type = tcp, connect-port = {{_serving.CheckPort}}, connect-timeout = 1s } ] }
              ]
            }
            """);
    }

    private string DrainPath(CountingHttpServer server) => $"api/v1/services/web/real-servers/{server.Address}/drain";

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_drain_through_director_2_holds_on_every_director_through_sigkills_and_restarts_and_a_majority_outage_refuses_writes()
    {
        for (var i = 0; i < 3; i++)
        {
            _directors.Start(i);
        }
        for (var i = 0; i < 3; i++)
        {
            _directors[i].WaitFor("Admin state loaded from the replicated intent", 120);
        }
        _clients = new NewConnectionLoop(_servicePorts, maxConnections: 40_000, maxTime: TimeSpan.FromMinutes(5));
        for (var i = 0; i < 3; i++)
        {
            var d = i;
            // Before the drain every director relays to both real servers: the drain is what keeps "a" out.
            await TestDirector.Eventually(() => _clients.Answered(d, "a") > 0 && _clients.Answered(d, "b") > 0, $"director {d + 1} relays to both real servers", 120);
        }

        using (var two = _directors.Client(1))
        {
            // The cluster forms after the processes start: until a majority is up the write is refused, and says so.
            await TestDirector.Eventually(() => two.PostAsync(DrainPath(_drained), null).Result.StatusCode == HttpStatusCode.OK, "the drain through director 2 accepted", 90);
        }
        var atAcknowledgement = _drained.Accepted;
        var tallyAtAcknowledgement = _clients.Tally;
        for (var i = 0; i < 3; i++)
        {
            var d = i;
            await TestDirector.Eventually(() => _directors.Drained(d, "web", _drained.Address).Result, $"director {d + 1} shows the drain", 30);
            await TestDirector.Eventually(() => QuiescedInTable(_directors[d], d), $"director {d + 1}'s data plane took the drained server's weight to 0", 30);
        }
        // From here on no director may relay a single new connection to the drained server.
        var baseline = _drained.Accepted;
        _output.WriteLine($"drained server: {atAcknowledgement} connections when the drain was acknowledged ({tallyAtAcknowledgement}), "
            + $"{baseline} once every director's data plane had it at weight 0 ({_clients.Tally})");

        for (var i = 0; i < 3; i++)
        {
            _directors.Kill(i);
            var restarted = _directors.Start(i);
            restarted.WaitFor("Admin state loaded from the replicated intent at version", 120);
            Assert.True(await _directors.Drained(i, "web", _drained.Address), $"director {i + 1} lost the drain across SIGKILL and restart");
            await RelaysAgain(i);
            AssertNeverProgrammedLive(restarted, i);
            AssertNoNewConnectionTo(baseline, $"after director {i + 1} was killed and restarted");
        }

        for (var i = 0; i < 3; i++)
        {
            _directors.Kill(i);
        }
        for (var i = 0; i < 3; i++)
        {
            _directors.Start(i);
        }
        for (var i = 0; i < 3; i++)
        {
            _directors[i].WaitFor("Admin state loaded from the replicated intent at version", 120);
            Assert.True(await _directors.Drained(i, "web", _drained.Address), $"director {i + 1} lost the drain when all three were killed");
            await RelaysAgain(i);
            AssertNeverProgrammedLive(_directors[i], i);
        }
        AssertNoNewConnectionTo(baseline, "after all three directors were killed and restarted");

        // A minority outage: director 1 is gone, directors 2 and 3 are a majority, and a write through 2 is held by both.
        await TestDirector.Eventually(() => _directors.UpMembers(1).Result == 3, "director 2 sees three members up", 90);
        _directors.Kill(0);
        using (var two = _directors.Client(1))
        {
            var weight = await two.PutAsync($"api/v1/services/web/real-servers/{_serving.Address}/weight", Json("""{ "weight": 2 }"""));
            Assert.True(weight.StatusCode == HttpStatusCode.OK, $"the weight override during a minority outage: {(int)weight.StatusCode} {await weight.Content.ReadAsStringAsync()}");
        }
        await TestDirector.Eventually(() => _directors.IntentOf(2, "web", _serving.Address).Result?.GetProperty("weight").GetInt32() == 2, "director 3 shows the override", 30);

        // A majority outage: director 2 alone refuses, and its intent stays as it was.
        _directors.Kill(2);
        using (var two = _directors.Client(1))
        {
            var refused = await two.PostAsync(DrainPath(_serving), null);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("nothing was changed", problem);
        }
        Assert.False(await _directors.Drained(1, "web", _serving.Address), "the refused drain is in director 2's intent");
        Assert.Equal(2, (await _directors.IntentOf(1, "web", _serving.Address))?.GetProperty("weight").GetInt32());
        Assert.True(await _directors.Drained(1, "web", _drained.Address));
        var before = _clients.Answered(1, "b");
        await TestDirector.Eventually(() => _clients.Answered(1, "b") > before, "director 2 still relays to the real server left", 30);
        AssertNoNewConnectionTo(baseline, "through the minority and majority outages");
        _output.WriteLine($"{_clients.Attempts} connections attempted: {_clients.Tally}");
    }

    // The director's data plane has taken the drain: its log shows the drained server edited to weight 0 or removed.
    private bool QuiescedInTable(DirectorRun run, int director)
    {
        var service = $"127.0.0.1:{_servicePorts[director]}/TCP";
        return run.Lines.Any(l => l.Contains($"edit {_drained.Address} in {service} weight 0", StringComparison.Ordinal)
            || l.Contains($"remove {_drained.Address} from {service}", StringComparison.Ordinal));
    }

    // A restarted director is listening and relaying new connections again (to the real server that is not drained).
    private async Task RelaysAgain(int director)
    {
        var before = _clients!.Answered(director);
        await TestDirector.Eventually(() => _clients.Answered(director) >= before + 5, $"restarted director {director + 1} relays new connections", 120);
    }

    private void AssertNoNewConnectionTo(long baseline, string when) =>
        Assert.True(_drained.Accepted == baseline, $"the drained server accepted {_drained.Accepted - baseline} new connections {when}; answered through: {_clients!.Tally}");

    // The restarted director's first table already had the drained server at weight 0 (or without it).
    private void AssertNeverProgrammedLive(DirectorRun run, int director)
    {
        var live = LiveWeight(Regex.Escape(_drained.Address), Regex.Escape($"127.0.0.1:{_servicePorts[director]}/TCP"));
        if (run.Lines.FirstOrDefault(live.IsMatch) is { } line)
        {
            // What the start-up did, in order: when the intent was loaded, when the services started, what the table got.
            var startup = run.Lines.Where(l => l.Contains(" WRN ", StringComparison.Ordinal) || l.Contains(" ERR ", StringComparison.Ordinal)
                || l.Contains("Admin state loaded", StringComparison.Ordinal) || l.Contains("Director started", StringComparison.Ordinal)
                || l.Contains("Data plane userspace:", StringComparison.Ordinal));
            Assert.Fail($"restarted director {director + 1} programmed the drained server {_drained.Address} live: \"{line}\"; its start-up:\n{string.Join("\n", startup)}");
        }
    }

    private static Regex LiveWeight(string server, string service) => new($@"(add {server} to|edit {server} in) {service} weight [1-9]");

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public async Task DisposeAsync()
    {
        if (_clients is not null)
        {
            await _clients.DisposeAsync();
        }
        _directors.Dispose();
        _drained.Dispose();
        _serving.Dispose();
    }
}
