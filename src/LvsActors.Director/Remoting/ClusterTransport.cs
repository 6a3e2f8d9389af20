using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using LvsActors.Model;
using LvsActors.Tls;

namespace LvsActors.Director.Remoting;

/// <summary>
/// Mutual TLS on the remoting link of a director cluster (lvs.cluster.tls). Akka.Remote's DotNetty transport (1.5.73:
/// <c>require-mutual-authentication</c> on by default since the CVE-2025-61778 fix) asks every inbound peer for a
/// certificate; its own chain check trusts the machine's store, which knows nothing of our private CA, so a custom
/// validator replaces it: a peer's certificate must chain to the cluster CA alone and be within its validity period,
/// and every refusal is logged with the peer's address and the reason. Host names are not checked: directors dial
/// each other by IP address, and the CA signs only directors.
/// </summary>
public static class ClusterTransport
{
    /// <summary>The source context of refusal log lines, so an operator can filter them.</summary>
    public const string LogSource = "LvsActors.ClusterTransport";

    /// <summary>Turns TLS on for the transport; the certificate itself comes through <see cref="Setup"/>.</summary>
    public static readonly Config EnableSsl = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = on");

    /// <summary>
    /// The Akka.NET setup that gives the transport this director's certificate and the peer check; throws
    /// <see cref="InvalidOperationException"/> naming the problems when the files do not load (validate has told already).
    /// </summary>
    public static Setup Setup(ClusterTls tls)
    {
        var (certificates, problems) = ClusterCertificates.Load(tls, DateTimeOffset.UtcNow);
        if (certificates is null)
        {
            throw new InvalidOperationException("lvs.cluster.tls: " + string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")));
        }
        return new DotNettySslSetup(certificates.Own, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, customValidator: PeerCheck(certificates.Authority));
    }

    /// <summary>The validator: accepts a peer whose certificate chains to <paramref name="authority"/> now, logs every refusal.</summary>
    public static CertificateValidationCallback PeerCheck(X509Certificate2Collection authority) => (certificate, _, peer, errors, log) =>
    {
        var reason = certificate is null
            ? $"it presented no certificate ({errors})"
            : ClusterCertificates.Verify(certificate, authority, DateTimeOffset.UtcNow);
        if (reason is not null)
        {
            log.Warning("Refused cluster peer {Peer}: {Reason}", peer, reason);
        }
        return reason is null;
    };
}
