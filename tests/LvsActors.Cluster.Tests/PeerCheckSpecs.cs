using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using LvsActors.Director.Remoting;
using LvsActors.Tls;

namespace LvsActors.Cluster.Tests;

/// <summary>
/// The validator the remoting transport calls for every peer certificate: the cluster CA alone decides, the errors
/// SslStream found against the machine's store do not, and every refusal is logged with the peer and the reason.
/// </summary>
public sealed class PeerCheckSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset Today = DateTimeOffset.UtcNow;
    private readonly ClusterAuthority _ca = ClusterAuthority.Create("cluster CA", Today.AddDays(-10));

    private bool Check(X509Certificate2? peer, SslPolicyErrors errors = SslPolicyErrors.RemoteCertificateChainErrors) =>
        ClusterTransport.PeerCheck(new X509Certificate2Collection(_ca.Certificate))(peer, null, "[::ffff:192.0.2.66]:51234", errors, Sys.Log);

    [Fact]
    public void A_director_of_the_cluster_ca_is_accepted_though_the_machine_store_does_not_know_the_ca()
    {
        using var director = _ca.Issue("d2", Today);

        Assert.True(Check(director));
    }

    [Fact]
    public void Another_ca_an_expired_certificate_and_no_certificate_are_refused_and_logged_with_the_peer()
    {
        using var other = ClusterAuthority.Create("other CA", Today);
        using var stranger = other.Issue("d2", Today);
        using var expired = _ca.Issue("d2", Today.AddDays(-5), Today.AddDays(-1));

        EventFilter.Warning(start: "Refused cluster peer [::ffff:192.0.2.66]:51234: certificate CN=d2 (issuer CN=other CA) is not signed by the cluster CA")
            .ExpectOne(() => Assert.False(Check(stranger, SslPolicyErrors.None)));
        EventFilter.Warning(start: "Refused cluster peer [::ffff:192.0.2.66]:51234: certificate CN=d2 expired on ")
            .ExpectOne(() => Assert.False(Check(expired)));
        EventFilter.Warning(start: "Refused cluster peer [::ffff:192.0.2.66]:51234: it presented no certificate")
            .ExpectOne(() => Assert.False(Check(null, SslPolicyErrors.RemoteCertificateNotAvailable)));
    }

    protected override void Dispose(bool disposing)
    {
        _ca.Dispose();
        base.Dispose(disposing);
    }
}
