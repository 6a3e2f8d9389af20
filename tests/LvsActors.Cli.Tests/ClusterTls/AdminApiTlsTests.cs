namespace LvsActors.Cli.Tests.ClusterTls;

/// <summary>The admin API over HTTPS (lvs.admin.api.tls) and the CLI's <c>--ca</c> check; plain HTTP off loopback refused.</summary>
public sealed class AdminApiTlsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lvs-api-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Config(string api) => Write("director.conf", $$"""
        lvs {
          data-plane = dry-run
          admin {
            journal { provider = sqlite, path = "{{Path.Combine(_folder, "admin.db")}}" }
            api { {{api}} }
          }
          virtual-services.web { address = "192.0.2.100:80", scheduler = rr, real-servers = [ { address = "127.0.0.1:9101" } ] }
        }
        """);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Status_reaches_an_https_api_with_the_right_ca_and_is_refused_without_it_or_with_another()
    {
        Assert.Equal(0, Lvsactors.Invoke("cluster-certs", "--out", Path.Combine(_folder, "tls"), "127.0.0.1").ExitCode);
        Assert.Equal(0, Lvsactors.Invoke("cluster-certs", "--out", Path.Combine(_folder, "other"), "127.0.0.1").ExitCode);
        var port = LoopbackPort.Free();
        var tls = Path.Combine(_folder, "tls");
        var config = Config($"bind = \"127.0.0.1:{port}\", tls {{ certificate = \"{tls}/127.0.0.1.crt\", key = \"{tls}/127.0.0.1.key\" }}");
        using var director = new RunningDirector("run", "--config", config);
        director.WaitFor($"Admin API listening on https://127.0.0.1:{port}/");

        var trusted = Lvsactors.Invoke("status", "--config", config, "--ca", Path.Combine(_folder, "tls", "ca.crt"), "--json");
        var untrusted = Lvsactors.Invoke("status", "--config", config);
        var foreign = Lvsactors.Invoke("status", "--config", config, "--ca", Path.Combine(_folder, "other", "ca.crt"));

        Assert.True(trusted.ExitCode == 0, trusted.Stderr);
        Assert.Contains("\"dataPlane\"", trusted.Stdout);
        Assert.Equal(1, untrusted.ExitCode);
        Assert.Contains($"cannot reach the admin API at https://127.0.0.1:{port}/", untrusted.Stderr);
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("SSL", foreign.Stderr);
    }

    [Fact]
    public void A_non_loopback_bind_without_tls_is_refused_with_the_reason_unless_plain_http_is_asked_for()
    {
        var refused = Lvsactors.Invoke("validate", Config("bind = \"0.0.0.0:9180\""));
        var allowed = Lvsactors.Invoke("validate", Config("bind = \"0.0.0.0:9180\", allow-plaintext = on"));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("director.conf:5: lvs.admin.api.bind: \"0.0.0.0:9180\" is not a loopback address and the API has no TLS", refused.Stderr);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
    }

    [Fact]
    public void Https_with_a_certificate_but_no_key_is_refused_at_validate()
    {
        var run = Lvsactors.Invoke("validate", Config("tls { certificate = a.crt }"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("lvs.admin.api.tls.key: HTTPS needs both certificate and key (PEM files)", run.Stderr);
        Assert.Contains("lvs.admin.api.tls.certificate: \"a.crt\" is relative; give an absolute path", run.Stderr);
    }
}
