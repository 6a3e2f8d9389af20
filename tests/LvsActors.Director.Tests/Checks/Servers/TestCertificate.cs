using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LvsActors.Director.Tests.Checks.Servers;

/// <summary>A self-signed certificate made for the test: no CA trusts it, which is the point (keepalived does not verify).</summary>
internal static class TestCertificate
{
    public static X509Certificate2 Create(string subjectName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subjectName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(subjectName);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PKCS#12 so that the private key is usable by the TLS server on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
