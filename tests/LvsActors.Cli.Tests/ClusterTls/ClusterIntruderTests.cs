using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using LvsActors.Tls;

namespace LvsActors.Cli.Tests.ClusterTls;

/// <summary>
/// Issue 19's scenario: three directors over mutual TLS, and a fourth process with the right system name and seeds,
/// the highest priority and preemption, but (a) no certificate, (b) one from another CA, (c) an expired one from the
/// cluster's own CA, (d) a real director an operator left at <c>insecure = on</c> with akka.tcp seeds. Each is an OS
/// process of its own. It never becomes a member, never holds the VIPs, the owner and its epoch do not change, and
/// the directors log each attempt with the peer's address and the reason.
/// </summary>
public sealed class ClusterIntruderTests : IDisposable
{
    // How long each intruder keeps trying: its join is retried every second, so this is a dozen attempts.
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(12);

    // A process without TLS never reaches a certificate check: Akka.Remote logs the failed handshake with the peer's
    // address itself. A certificate is judged by our peer check, which says why.
    private const string HandshakeLogged = "Rejected incoming connection from [[::ffff:127.0.0.1]:";
    private const string HandshakeReason = "due to TLS handshake failure";
    private const string PeerCheckLogged = "Refused cluster peer [::ffff:127.0.0.1]:";

    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-tls-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Processes_without_a_valid_certificate_of_the_cluster_never_join_never_take_the_vips_and_are_logged()
    {
        using var cluster = TlsDirectorCluster.Start(_folder);
        var members = cluster.AkkaPorts.Select(p => $"akka.ssl.tcp://lvs@127.0.0.1:{p}").Order().ToList();
        var (owner, epoch) = await FormedAsync(cluster, members);
        Assert.Equal(members.Single(m => m.EndsWith($":{cluster.AkkaPorts[0]}", StringComparison.Ordinal)), owner);

        var now = DateTimeOffset.UtcNow;
        using var stranger = ClusterAuthority.Create("intruder CA", now);
        using var authority = ClusterAuthority.Load(File.ReadAllText(Path.Combine(_folder, "tls", "ca.crt")), File.ReadAllText(Path.Combine(_folder, "tls", "ca.key")));
        var cases = new (string Name, (string, string)? Pem, string Scheme, string Logged, string Reason)[]
        {
            ("no certificate", null, "akka.tcp", HandshakeLogged, HandshakeReason),
            ("another CA", Pem("other-ca", stranger.Issue("d1", now)), "akka.ssl.tcp", PeerCheckLogged,
                "certificate CN=d1 (issuer CN=intruder CA) is not signed by the cluster CA"),
            ("expired", Pem("expired", authority.Issue("d1", authority.Certificate.NotBefore, DateTimeOffset.UtcNow.AddSeconds(-2))), "akka.ssl.tcp",
                PeerCheckLogged, "certificate CN=d1 expired on "),
        };
        foreach (var (name, pem, scheme, logged, reason) in cases)
        {
            var before = cluster.Directors.Select(d => d.Lines.Count).ToList();
            using (var intruder = Intruder.Start(cluster.Seeds(scheme), pem))
            {
                intruder.WaitStarted();
                await WatchAsync(cluster, name, members, (owner, epoch), () =>
                {
                    Assert.True(intruder.IsAlive, $"{name}: the intruder process exited; it printed:\n{string.Join("\n", intruder.Lines)}");
                    Assert.DoesNotContain(intruder.Views, v => v.Member || v.Holds);
                    return Task.CompletedTask;
                });
                var views = intruder.Views;
                // It printed its view every second while it tried: it ran the whole attempt, not a moment of it.
                Assert.True(views.Count >= Attempt.TotalSeconds / 2, $"{name}: {views.Count} views in {Attempt}; it printed:\n{string.Join("\n", intruder.Lines)}");
                Assert.False(views[^1].Claimed, $"{name}: the intruder claimed the VIPs");
            }
            AssertLogged(cluster, before, name, logged, reason);
        }

        // (d) A director of ours that its operator left without TLS: the same seeds under akka.tcp.
        var (akkaPort, apiPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        var self = $"akka.tcp://lvs@127.0.0.1:{akkaPort}";
        var directorsBefore = cluster.Directors.Select(d => d.Lines.Count).ToList();
        using (var insecure = cluster.Run("insecure", akkaPort, apiPort, 255, "tls.insecure = on", "akka.tcp"))
        {
            insecure.WaitFor("Admin API listening", within: TimeSpan.FromSeconds(60));
            await WatchAsync(cluster, "insecure director", members, (owner, epoch), async () =>
            {
                Assert.True(insecure.IsAlive, $"insecure director: it exited; it logged:\n{string.Join("\n", insecure.Lines)}");
                if (await cluster.ClusterStatusAtAsync(apiPort) is { } status)
                {
                    Assert.DoesNotContain(self, TlsDirectorCluster.UpMembers(status));
                    Assert.NotEqual(self, TlsDirectorCluster.Ownership(status)?.Owner);
                }
            });
            Assert.DoesNotContain(insecure.Lines, l => l.Contains("Took the VIPs", StringComparison.Ordinal));
        }
        AssertLogged(cluster, directorsBefore, "insecure director", HandshakeLogged, HandshakeReason);
    }

    // For the attempt's length, twice a second: every director still sees exactly the three of them Up and the same
    // owner and epoch, and the intruder's own view passes checkIntruder.
    private static async Task WatchAsync(TlsDirectorCluster cluster, string name, List<string> members, (string, long) ownership, Func<Task> checkIntruder)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Attempt)
        {
            for (var i = 0; i < 3; i++)
            {
                var status = await cluster.ClusterStatusAsync(i);
                Assert.True(status is not null, $"{name}: director d{i + 1} stopped answering");
                Assert.Equal(members, TlsDirectorCluster.UpMembers(status!.Value));
                Assert.Equal(ownership, TlsDirectorCluster.Ownership(status.Value));
            }
            await checkIntruder();
            await Task.Delay(500);
        }
    }

    private static void AssertLogged(TlsDirectorCluster cluster, List<int> before, string name, string logged, string reason)
    {
        var lines = cluster.Directors.SelectMany((d, i) => d.Lines.Skip(before[i])).ToList();
        Assert.True(lines.Any(l => l.Contains(logged, StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal)),
            $"{name}: no director logged \"{logged}…{reason}\"; they logged:\n" + string.Join("\n", lines));
    }

    // The intruder's certificate and key as PEM files, which it is started with.
    private (string Certificate, string Key) Pem(string name, X509Certificate2 certificate)
    {
        using (certificate)
        {
            var (crt, key) = (Path.Combine(_folder, name + ".crt"), Path.Combine(_folder, name + ".key"));
            File.WriteAllText(crt, ClusterAuthority.CertificatePem(certificate));
            File.WriteAllText(key, ClusterAuthority.KeyPem(certificate));
            return (crt, key);
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
