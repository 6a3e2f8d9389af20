using System.Security.Cryptography.X509Certificates;
using LvsActors.Tls;

namespace LvsActors.Cli.Tests.ClusterTls;

/// <summary><c>lvsactors cluster-certs</c>, and <c>validate</c> on the cluster examples with the files it writes.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterCertsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-cluster-certs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Out => Path.Combine(_folder, "tls");

    [Fact]
    public void Writes_a_ca_and_one_pair_per_director_keys_0600_each_certificate_signed_by_the_ca()
    {
        var run = Lvsactors.Invoke("cluster-certs", "--out", Out, "director-1", "192.0.2.12", "director-3");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(File.ReadAllText(Path.Combine(Out, "ca.crt")));
        foreach (var node in new[] { "director-1", "192.0.2.12", "director-3" })
        {
            using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(Out, node + ".crt"), Path.Combine(Out, node + ".key"));
            Assert.Equal($"CN={node}", certificate.Subject);
            Assert.Null(ClusterCertificates.Verify(certificate, ca, DateTimeOffset.UtcNow));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Out, node + ".key")));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Out, "ca.key")));
        Assert.Contains("keep", run.Stdout);
    }

    [Fact]
    public void A_second_run_adds_a_director_under_the_same_ca_and_never_overwrites()
    {
        Assert.Equal(0, Lvsactors.Invoke("cluster-certs", "--out", Out, "d1").ExitCode);
        var caBefore = File.ReadAllText(Path.Combine(Out, "ca.crt"));
        var keyBefore = File.ReadAllText(Path.Combine(Out, "d1.key"));

        var again = Lvsactors.Invoke("cluster-certs", "--out", Out, "d1");
        var added = Lvsactors.Invoke("cluster-certs", "--out", Out, "d4");

        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"{Path.Combine(Out, "d1.crt")} exists; it is not overwritten", again.Stderr);
        Assert.Equal(keyBefore, File.ReadAllText(Path.Combine(Out, "d1.key")));
        Assert.True(added.ExitCode == 0, added.Stderr);
        Assert.Equal(caBefore, File.ReadAllText(Path.Combine(Out, "ca.crt")));
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(caBefore);
        using var d4 = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(Out, "d4.crt")));
        Assert.Null(ClusterCertificates.Verify(d4, ca, DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("../escape", "is not a director name")]
    [InlineData("a/b", "is not a director name")]
    public void A_name_that_is_no_host_name_is_refused_and_nothing_is_written(string node, string message)
    {
        var run = Lvsactors.Invoke("cluster-certs", "--out", Out, node);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void The_cluster_examples_validate_with_the_files_cluster_certs_wrote()
    {
        Assert.Equal(0, Lvsactors.Invoke("cluster-certs", "--out", Out, "director-1").ExitCode);
        var files = new[] { "cluster-3node.conf", "cluster-fast.conf", "cluster-active-active.conf" }.Select(name =>
        {
            var text = File.ReadAllText(RepositoryRoot.Of("hocon", name));
            Assert.Contains("/etc/lvsactors/tls/", text);
            var copy = Path.Combine(_folder, name);
            File.WriteAllText(copy, text.Replace("/etc/lvsactors/tls", Out, StringComparison.Ordinal));
            return copy;
        }).ToArray();

        var run = Lvsactors.Invoke(["validate", .. files]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain("insecure", run.Stderr);
    }

    [Fact]
    public void Validate_refuses_an_example_whose_certificate_files_are_missing_naming_the_file_and_line()
    {
        var run = Lvsactors.Invoke("validate", "hocon/cluster-3node.conf");

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"hocon/cluster-3node\.conf:\d+: lvs\.cluster\.tls\.certificate: /etc/lvsactors/tls/director-1\.crt does not exist", run.Stderr);
    }

    [Fact]
    public void Validate_warns_about_an_insecure_cluster_and_still_exits_zero()
    {
        var config = Path.Combine(_folder, "insecure.conf");
        File.WriteAllText(config, """
            akka.actor.provider = cluster
            akka.cluster.roles = [director]
            akka.cluster.seed-nodes = ["akka.tcp://lvs@127.0.0.1:4053"]
            lvs.cluster.tls.insecure = on
            """);

        var run = Lvsactors.Invoke("validate", config);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("lvs.cluster.tls.insecure = on: any process that reaches the remoting port can join the cluster and take the VIPs", run.Stderr);
    }
}
