using System.Security.Cryptography.X509Certificates;
using LvsActors.Tls;

namespace LvsActors.Tests.Tls;

/// <summary>A temporary folder with a cluster CA and the PEM files the tests issue from it; deleted after the test.</summary>
internal sealed class CertificateFolder : IDisposable
{
    public CertificateFolder()
    {
        Authority = ClusterAuthority.Create("test CA", DateTimeOffset.UtcNow.AddDays(-60));
        File.WriteAllText(Ca, ClusterAuthority.CertificatePem(Authority.Certificate));
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("lvs-tls-").FullName;

    public ClusterAuthority Authority { get; }

    public string Ca => System.IO.Path.Combine(Path, "ca.crt");

    /// <summary>Writes NAME.crt and NAME.key for <paramref name="certificate"/>; returns the two paths.</summary>
    public (string Certificate, string Key) Write(string name, X509Certificate2 certificate)
    {
        var (crt, key) = (System.IO.Path.Combine(Path, name + ".crt"), System.IO.Path.Combine(Path, name + ".key"));
        File.WriteAllText(crt, ClusterAuthority.CertificatePem(certificate));
        File.WriteAllText(key, ClusterAuthority.KeyPem(certificate));
        return (crt, key);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Directory.Delete(Path, recursive: true);
    }
}
