using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LvsActors.Tls;

/// <summary>
/// A private CA for one director cluster and the certificates it issues to directors: ECDSA P-256, each director's
/// certificate good for both ends of a TLS connection (server and client authentication), named by the director's
/// host name or address. What <c>lvsactors cluster-certs</c> writes, with no openssl needed.
/// </summary>
public sealed class ClusterAuthority : IDisposable
{
    /// <summary>How long a new CA is valid: longer than any director certificate it signs.</summary>
    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);

    /// <summary>How long a director's certificate is valid unless told: about two years, the usual renewal rhythm.</summary>
    public static readonly TimeSpan DirectorValidity = TimeSpan.FromDays(825);

    // Clocks of directors differ a little: a certificate made now must already be valid on a peer a minute behind.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private ClusterAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Makes a new CA named <paramref name="name"/>.</summary>
    public static ClusterAuthority Create(string name, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new ClusterAuthority(request.CreateSelfSigned(now - ClockSkew, now + CaValidity));
    }

    /// <summary>Loads a CA from its PEM certificate and key (to issue more directors later).</summary>
    public static ClusterAuthority Load(string certificatePem, string keyPem) => new(X509Certificate2.CreateFromPem(certificatePem, keyPem));

    /// <summary>
    /// Issues a certificate to the director <paramref name="node"/> (a host name or an IP address, also its subject
    /// alternative name), valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>; the result has its key.
    /// </summary>
    public X509Certificate2 Issue(string node, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={node}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "serverAuth"), new Oid("1.3.6.1.5.5.7.3.2", "clientAuth")], false));
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(node, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(node);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number, as RFC 5280 requires
        using var issued = request.Create(Certificate, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Issues a certificate valid from a few minutes ago for <see cref="DirectorValidity"/> (or until the CA expires).</summary>
    public X509Certificate2 Issue(string node, DateTimeOffset now) =>
        Issue(node, now - ClockSkew, Min(now + DirectorValidity, Certificate.NotAfter));

    /// <summary>The certificate as PEM.</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The private key as unencrypted PKCS#8 PEM (the file is written mode 0600).</summary>
    public static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() is { } ec ? ec.ExportPkcs8PrivateKeyPem()
            : certificate.GetRSAPrivateKey()?.ExportPkcs8PrivateKeyPem() ?? throw new InvalidOperationException("the certificate has no private key")) + "\n";

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public void Dispose() => Certificate.Dispose();
}
