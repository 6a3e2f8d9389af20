using LvsActors.Configuration;
using LvsActors.Tls;

namespace LvsActors.Tests.Tls;

/// <summary>
/// What validate (through <see cref="LvsConfigFile"/>) says about the files of lvs.cluster.tls: each problem with the
/// file and line of the key that names the file.
/// </summary>
public sealed class ClusterCertificateFileTests : IDisposable
{
    private readonly CertificateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Config(string certificate, string key, string? ca = null)
    {
        var path = System.IO.Path.Combine(_folder.Path, "director.conf");
        File.WriteAllText(path, $$"""
            akka.actor.provider = cluster
            akka.cluster.roles = [director]
            akka.cluster.seed-nodes = ["akka.ssl.tcp://lvs@127.0.0.1:4053"]
            lvs.cluster.tls {
              certificate = "{{certificate}}"
              key = "{{key}}"
              ca = "{{ca ?? _folder.Ca}}"
            }
            """);
        return path;
    }

    private IReadOnlyList<string> Errors(string config) => LvsConfigFile.Load(config).Errors.Select(e => e.ToString()).ToList();

    [Fact]
    public void Files_from_the_cluster_ca_are_valid_and_relative_paths_resolve_beside_the_file()
    {
        _folder.Write("director-1", _folder.Authority.Issue("director-1", DateTimeOffset.UtcNow));
        var config = Config("director-1.crt", "director-1.key", "ca.crt");

        var result = LvsConfigFile.Load(config);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(System.IO.Path.Combine(_folder.Path, "director-1.key"), result.Value!.Cluster.Tls!.Key);
    }

    [Fact]
    public void An_expired_certificate_is_refused_at_its_line()
    {
        var now = DateTimeOffset.UtcNow;
        var (crt, key) = _folder.Write("old", _folder.Authority.Issue("old", now.AddDays(-30), now.AddDays(-1)));

        var error = Assert.Single(Errors(Config(crt, key)));

        Assert.StartsWith($"{_folder.Path}/director.conf:5: lvs.cluster.tls.certificate: {crt}: certificate CN=old expired on ", error);
    }

    [Fact]
    public void A_certificate_not_yet_valid_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var (crt, key) = _folder.Write("early", _folder.Authority.Issue("early", now.AddDays(1), now.AddDays(30)));

        Assert.Contains("certificate CN=early is not valid before ", Assert.Single(Errors(Config(crt, key))));
    }

    [Fact]
    public void A_certificate_of_another_ca_is_refused_naming_its_issuer()
    {
        using var other = ClusterAuthority.Create("someone else's CA", DateTimeOffset.UtcNow);
        var (crt, key) = _folder.Write("stranger", other.Issue("stranger", DateTimeOffset.UtcNow));

        var error = Assert.Single(Errors(Config(crt, key)));

        Assert.Contains("lvs.cluster.tls.certificate: ", error);
        Assert.Contains("certificate CN=stranger (issuer CN=someone else's CA) is not signed by the cluster CA", error);
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused_at_the_key_line()
    {
        var (crt, _) = _folder.Write("a", _folder.Authority.Issue("a", DateTimeOffset.UtcNow));
        var (_, otherKey) = _folder.Write("b", _folder.Authority.Issue("b", DateTimeOffset.UtcNow));

        var error = Assert.Single(Errors(Config(crt, otherKey)));

        Assert.Equal($"{_folder.Path}/director.conf:6: lvs.cluster.tls.key: {otherKey} is not the key of {crt} (CN=a): the public keys differ", error);
    }

    [Fact]
    public void Missing_and_unreadable_files_are_named_with_the_reason()
    {
        var (crt, _) = _folder.Write("a", _folder.Authority.Issue("a", DateTimeOffset.UtcNow));
        var missing = System.IO.Path.Combine(_folder.Path, "nowhere.key");

        var errors = Errors(Config(crt, missing, ca: _folder.Path));

        Assert.Equal(2, errors.Count);
        Assert.Contains($"{_folder.Path}/director.conf:6: lvs.cluster.tls.key: {missing} does not exist", errors);
        Assert.Contains($"{_folder.Path}/director.conf:7: lvs.cluster.tls.ca: {_folder.Path} is a directory, not a regular file", errors);
    }

    [Fact]
    public void A_key_file_that_is_no_key_is_refused()
    {
        var (crt, key) = _folder.Write("a", _folder.Authority.Issue("a", DateTimeOffset.UtcNow));
        File.WriteAllText(key, "-----BEGIN GARBAGE-----\nAAAA\n-----END GARBAGE-----\n");

        Assert.Contains("lvs.cluster.tls.key: " + key + " holds no usable private key", Assert.Single(Errors(Config(crt, key))));
    }

    [Fact]
    public void The_peer_check_accepts_the_cluster_ca_only()
    {
        var now = DateTimeOffset.UtcNow;
        using var other = ClusterAuthority.Create("other", now);
        using var ours = _folder.Authority.Issue("d1", now);
        using var theirs = other.Issue("d1", now);
        var authority = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(_folder.Authority.Certificate);

        Assert.Null(ClusterCertificates.Verify(ours, authority, now));
        Assert.NotNull(ClusterCertificates.Verify(theirs, authority, now));
        Assert.NotNull(ClusterCertificates.Verify(ours, authority, now.AddYears(3)));
    }
}
