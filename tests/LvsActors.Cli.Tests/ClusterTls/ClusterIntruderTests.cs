using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using LvsActors.Tls;

namespace LvsActors.Cli.Tests.ClusterTls;

/// <summary>
/// Issue 19's scenario: three directors over mutual TLS, and a fourth process with the right system name and seeds,
/// the highest priority and preemption, but (a) no certificate, (b) one from another CA, (c) an expired one from the
/// cluster's own CA. It never becomes a member, never holds the VIPs, the owner and its epoch do not change, and the
/// directors log each attempt with the peer's address and the reason.
/// </summary>
public sealed class ClusterIntruderTests : IDisposable
{
    // How long each intruder keeps trying: its join is retried every second, so this is a dozen attempts.
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(12);

    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-tls-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Processes_without_a_valid_certificate_of_the_cluster_never_join_never_take_the_vips_and_are_logged()
    {
        LvsActors.Director.Hosting.ThreadPoolFloor.Apply();
        using var cluster = TlsDirectorCluster.Start(_folder);
        var members = cluster.AkkaPorts.Select(p => $"akka.ssl.tcp://lvs@127.0.0.1:{p}").Order().ToList();
        var (owner, epoch) = await FormedAsync(cluster, members);
        Assert.Equal(members.Single(m => m.EndsWith($":{cluster.AkkaPorts[0]}", StringComparison.Ordinal)), owner);

        var now = DateTimeOffset.UtcNow;
        using var stranger = ClusterAuthority.Create("intruder CA", now);
        using var authority = ClusterAuthority.Load(File.ReadAllText(Path.Combine(_folder, "tls", "ca.crt")), File.ReadAllText(Path.Combine(_folder, "tls", "ca.key")));
        // A process without TLS never reaches a certificate check: Akka.Remote logs the failed handshake with the peer's
        // address itself. A certificate is judged by our peer check, which says why.
        var cases = new (string Name, X509Certificate2? Certificate, string Scheme, string Logged, string Reason)[]
        {
            ("no certificate", null, "akka.tcp", "Rejected incoming connection from [[::ffff:127.0.0.1]:", "due to TLS handshake failure"),
            ("another CA", stranger.Issue("d1", now), "akka.ssl.tcp", "Refused cluster peer [::ffff:127.0.0.1]:",
                "certificate CN=d1 (issuer CN=intruder CA) is not signed by the cluster CA"),
            ("expired", authority.Issue("d1", authority.Certificate.NotBefore, DateTimeOffset.UtcNow.AddSeconds(-2)), "akka.ssl.tcp",
                "Refused cluster peer [::ffff:127.0.0.1]:", "certificate CN=d1 expired on "),
        };
        foreach (var (name, certificate, scheme, logged, reason) in cases)
        {
            var before = cluster.Directors.Select(d => d.Lines.Count).ToList();
            await using (var intruder = Intruder.Start(cluster.Seeds(scheme), certificate))
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < Attempt)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        var status = await cluster.ClusterStatusAsync(i);
                        Assert.True(status is not null, $"{name}: director d{i + 1} stopped answering");
                        Assert.Equal(members, TlsDirectorCluster.UpMembers(status!.Value));
                        Assert.Equal((owner, epoch), TlsDirectorCluster.Ownership(status.Value));
                    }
                    Assert.False(intruder.Sink.Holds, $"{name}: the intruder holds the VIPs");
                    Assert.DoesNotContain(intruder.Cluster.State.Members, m => m.Address == intruder.Cluster.SelfAddress);
                    await Task.Delay(500);
                }
                Assert.DoesNotContain(intruder.Sink.Timeline, e => e.Action == LvsActors.Director.Leadership.VipAction.Claimed);
            }
            var refusals = cluster.Directors.SelectMany((d, i) => d.Lines.Skip(before[i])).Where(l => l.Contains(logged, StringComparison.Ordinal)
                && l.Contains(reason, StringComparison.Ordinal)).ToList();
            Assert.True(refusals.Count > 0, $"{name}: no director logged \"{logged}…{reason}\"; they logged:\n"
                + string.Join("\n", cluster.Directors.SelectMany((d, i) => d.Lines.Skip(before[i]))));
        }
    }

    // Up on all three, and d1 (priority 150, preempting) owns the VIPs on every director's view.
    private static async Task<(string Owner, long Epoch)> FormedAsync(TlsDirectorCluster cluster, List<string> members)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var views = new List<(IReadOnlyList<string> Up, (string, long)? Ownership)>();
            for (var i = 0; i < 3; i++)
            {
                if (await cluster.ClusterStatusAsync(i) is { } status)
                {
                    views.Add((TlsDirectorCluster.UpMembers(status), TlsDirectorCluster.Ownership(status)));
                }
            }
            if (views.Count == 3 && views.All(v => v.Up.SequenceEqual(members)) && views.Select(v => v.Ownership).Distinct().Count() == 1
                && views[0].Ownership is { } ownership)
            {
                return ownership;
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), "the three directors did not form a cluster over TLS with one owner; they logged:\n"
                + string.Join("\n---\n", cluster.Directors.Select(d => string.Join("\n", d.Lines))));
            await Task.Delay(500);
        }
    }
}
