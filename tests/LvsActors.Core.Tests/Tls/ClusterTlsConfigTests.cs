using LvsActors.Tests.Configuration;

namespace LvsActors.Tests.Tls;

/// <summary>lvs.cluster.tls as the loader reads it: required on a cluster member, consistent with the seeds.</summary>
public sealed class ClusterTlsConfigTests
{
    private const string Cluster = """
        akka.actor.provider = cluster
        akka.cluster.roles = [director]
        akka.cluster.seed-nodes = ["akka.ssl.tcp://lvs@127.0.0.1:4053", "akka.ssl.tcp://lvs@127.0.0.1:4054", "akka.ssl.tcp://lvs@127.0.0.1:4055"]
        lvs.cluster.vips = [ { address = "192.0.2.100/24", interface = eth0 } ]

        """;

    [Fact]
    public void A_cluster_member_without_tls_is_refused_with_the_two_ways_out()
    {
        var errors = ConfigFile.Errors(Cluster.Replace("akka.ssl.tcp", "akka.tcp", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.StartsWith("test.conf:1: lvs.cluster.tls: is not set, so any process that reaches the remoting port could join and take the VIPs", error);
        Assert.Contains("lvsactors cluster-certs", error);
        Assert.Contains("lvs.cluster.tls.insecure = on", error);
    }

    [Fact]
    public void A_node_that_is_no_cluster_member_needs_no_tls() =>
        Assert.Empty(ConfigFile.Errors("lvs.virtual-services { }"));

    [Fact]
    public void Tls_with_plain_seeds_names_each_seed_and_the_address_to_write()
    {
        var errors = ConfigFile.Errors(Cluster.Replace("akka.ssl.tcp", "akka.tcp", StringComparison.Ordinal)
            + "lvs.cluster.tls { certificate = a.crt, key = a.key, ca = ca.crt }");

        Assert.Equal(3, errors.Count);
        Assert.Equal("test.conf:3: akka.cluster.seed-nodes: \"akka.tcp://lvs@127.0.0.1:4053\": with lvs.cluster.tls the transport speaks TLS, "
            + "so seeds are akka.ssl.tcp://… addresses; write \"akka.ssl.tcp://lvs@127.0.0.1:4053\"", errors[0]);
    }

    [Fact]
    public void Insecure_with_tls_seeds_asks_for_plain_seeds()
    {
        var errors = ConfigFile.Errors(Cluster + "lvs.cluster.tls.insecure = on");

        Assert.Equal(3, errors.Count);
        Assert.Contains("with lvs.cluster.tls.insecure = on the transport has no TLS, so seeds are akka.tcp://… addresses; write \"akka.tcp://lvs@127.0.0.1:4054\"", errors[1]);
    }

    [Fact]
    public void Insecure_and_certificate_files_together_are_a_contradiction()
    {
        var errors = ConfigFile.Errors(Cluster + "lvs.cluster.tls { insecure = on, certificate = a.crt }");

        Assert.Equal(["test.conf:5: lvs.cluster.tls.insecure: insecure = on turns TLS off, yet certificate is given; remove insecure = on, or the files"], errors);
    }

    [Fact]
    public void Each_missing_file_is_named()
    {
        var errors = ConfigFile.Errors(Cluster + "lvs.cluster.tls {\n  certificate = a.crt\n}");

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("test.conf:5: lvs.cluster.tls.", e));
        Assert.Contains(errors, e => e.Contains("lvs.cluster.tls.key: is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("lvs.cluster.tls.ca: is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Tls_paths_resolve_against_the_folder_of_the_file_and_insecure_is_off()
    {
        var result = LvsActors.Configuration.LvsConfigLoader.Load(Cluster + "lvs.cluster.tls { certificate = tls/a.crt, key = /k/a.key, ca = ../ca.crt }", "/etc/lvs/director.conf");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new Model.ClusterTls("/etc/lvs/tls/a.crt", "/k/a.key", "/etc/ca.crt"), result.Value!.Cluster.Tls);
        Assert.False(result.Value.Cluster.Insecure);
    }
}
