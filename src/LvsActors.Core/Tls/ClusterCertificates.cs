using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LvsActors.Files;
using LvsActors.Model;

namespace LvsActors.Tls;

/// <summary>What is wrong with one of the <c>lvs.cluster.tls</c> files: which key names it, and why.</summary>
public sealed record ClusterTlsProblem(string Key, string Message);

/// <summary>
/// This director's certificate with its private key, and the cluster CA its peers' certificates must chain to: the
/// PEM files of <c>lvs.cluster.tls</c>, loaded and checked against each other the same way by <c>validate</c>, by
/// <c>run</c> and by the remoting transport's peer check.
/// </summary>
public sealed class ClusterCertificates
{
    // A certificate, key or CA bundle is a few KiB; this only keeps a wrong path (a log file) from being read whole.
    private const long MaxPemBytes = 1024 * 1024;

    private ClusterCertificates(X509Certificate2 own, X509Certificate2Collection authority)
    {
        Own = own;
        Authority = authority;
    }

    /// <summary>This director's certificate, with its private key.</summary>
    public X509Certificate2 Own { get; }

    /// <summary>The certificates of the cluster CA: the only roots a peer's chain may end in.</summary>
    public X509Certificate2Collection Authority { get; }

    /// <summary>Loads and cross-checks the files; either the certificates or every problem found, never an exception.</summary>
    public static (ClusterCertificates? Certificates, IReadOnlyList<ClusterTlsProblem> Problems) Load(ClusterTls tls, DateTimeOffset now)
    {
        var problems = new List<ClusterTlsProblem>();
        var certText = ReadPem(tls.Certificate, "certificate", problems);
        var keyText = ReadPem(tls.Key, "key", problems);
        var caText = ReadPem(tls.Ca, "ca", problems);
        var authority = caText is null ? null : LoadAuthority(tls.Ca, caText, problems);
        X509Certificate2? own = null;
        if (certText is not null && Parse(tls.Certificate, certText, problems) is { } certificate)
        {
            if (keyText is not null)
            {
                own = WithKey(certificate, tls, keyText, problems);
            }
            if (authority is not null && Verify(certificate, authority, now) is { } reason)
            {
                problems.Add(new ClusterTlsProblem("certificate", $"{tls.Certificate}: {reason}"));
            }
        }
        return problems.Count == 0 && own is not null && authority is not null ? (new ClusterCertificates(own, authority), problems) : (null, problems);
    }

    /// <summary>
    /// Why <paramref name="certificate"/> is not a valid certificate of this cluster at <paramref name="now"/>, or null
    /// when it is: in its validity period and chaining to one of <paramref name="authority"/> alone (the system's
    /// trusted roots do not count: a public CA's customer is no director of ours).
    /// </summary>
    public static string? Verify(X509Certificate2 certificate, X509Certificate2Collection authority, DateTimeOffset now)
    {
        if (now < certificate.NotBefore)
        {
            return $"certificate {certificate.Subject} is not valid before {certificate.NotBefore.ToUniversalTime():u}";
        }
        if (now > certificate.NotAfter)
        {
            return $"certificate {certificate.Subject} expired on {certificate.NotAfter.ToUniversalTime():u}";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        // A private CA of a few directors publishes no revocation list; a stolen key is handled by a new CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (chain.Build(certificate))
        {
            return null;
        }
        var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
        return status.Contains(nameof(X509ChainStatusFlags.NotTimeValid), StringComparison.Ordinal)
            ? $"certificate {certificate.Subject} or its CA is outside its validity period ({status})"
            : $"certificate {certificate.Subject} (issuer {certificate.Issuer}) is not signed by the cluster CA ({status})";
    }

    private static string? ReadPem(string path, string key, List<ClusterTlsProblem> problems)
    {
        var read = RegularFile.Read(path, MaxPemBytes);
        var problem = read switch
        {
            RegularFileResult.Content content => content.Text.Contains("-----BEGIN ", StringComparison.Ordinal) ? null : "holds no PEM block (-----BEGIN …)",
            RegularFileResult.Missing => "does not exist",
            RegularFileResult.NotRegular n => $"is {n.Kind.Describe()}, not a regular file",
            RegularFileResult.Unreadable u => $"cannot be read: {u.Reason}",
            RegularFileResult.TooLarge t => $"is larger than {t.MaxBytes} bytes, too large for a PEM file",
            _ => "cannot be read",
        };
        if (problem is null)
        {
            return ((RegularFileResult.Content)read).Text;
        }
        problems.Add(new ClusterTlsProblem(key, $"{path} {problem}"));
        return null;
    }

    private static X509Certificate2? Parse(string path, string text, List<ClusterTlsProblem> problems)
    {
        try
        {
            return X509Certificate2.CreateFromPem(text);
        }
        catch (CryptographicException e)
        {
            problems.Add(new ClusterTlsProblem("certificate", $"{path} is not a PEM certificate: {e.Message}"));
            return null;
        }
    }

    private static X509Certificate2? WithKey(X509Certificate2 certificate, ClusterTls tls, string keyText, List<ClusterTlsProblem> problems)
    {
        using AsymmetricAlgorithm? key = ImportKey(keyText);
        if (key is null)
        {
            problems.Add(new ClusterTlsProblem("key", $"{tls.Key} holds no usable private key (an unencrypted PKCS#8, EC or RSA PEM key)"));
            return null;
        }
        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            problems.Add(new ClusterTlsProblem("key", $"{tls.Key} is not the key of {tls.Certificate} ({certificate.Subject}): the public keys differ"));
            return null;
        }
        return key switch
        {
            ECDsa ec => certificate.CopyWithPrivateKey(ec),
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            _ => null,
        };
    }

    private static AsymmetricAlgorithm? ImportKey(string pem)
    {
        foreach (var make in new Func<AsymmetricAlgorithm>[] { ECDsa.Create, RSA.Create })
        {
            var key = make();
            try
            {
                key.ImportFromPem(pem);
                return key;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                key.Dispose();
            }
        }
        return null;
    }

    private static X509Certificate2Collection? LoadAuthority(string path, string text, List<ClusterTlsProblem> problems)
    {
        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            problems.Add(new ClusterTlsProblem("ca", $"{path} is not a PEM certificate bundle: {e.Message}"));
            return null;
        }
        if (authority.Count == 0)
        {
            problems.Add(new ClusterTlsProblem("ca", $"{path} holds no certificate"));
            return null;
        }
        return authority;
    }
}
