using LvsActors.Configuration.Hocon;
using LvsActors.Model;
using static LvsActors.Configuration.HoconPath;

namespace LvsActors.Configuration;

/// <summary>
/// A cluster member decides who holds the VIPs, so whoever can join takes the traffic: a member needs
/// <c>lvs.cluster.tls</c> (mutual TLS with a private CA) or says <c>insecure = on</c> out loud. The seed addresses must
/// name the transport that is actually listening: <c>akka.ssl.tcp://</c> with TLS, <c>akka.tcp://</c> without.
/// </summary>
internal static class ClusterTlsRule
{
    /// <summary>The address scheme of Akka.Remote's DotNetty transport with enable-ssl on.</summary>
    public const string SecureScheme = "akka.ssl.tcp://";

    /// <summary>Its scheme without TLS.</summary>
    public const string PlainScheme = "akka.tcp://";

    public static void Check(HoconObject root, ClusterSettings cluster, List<ConfigError> errors)
    {
        var akka = root.Field("akka")?.Value as HoconObject;
        if (!IsClustered(akka))
        {
            return;
        }
        var tlsMissing = cluster.Tls is null && !cluster.Insecure;
        if (tlsMissing && Node(root, "lvs", "cluster", "tls") is null)
        {
            errors.Add(new ConfigError(Scalar(akka, "actor", "provider")!.Position, "lvs.cluster.tls",
                "is not set, so any process that reaches the remoting port could join and take the VIPs; give certificate, key and ca "
                + "(lvsactors cluster-certs makes them), or run unauthenticated with lvs.cluster.tls.insecure = on"));
        }
        if (tlsMissing || Node(akka, "cluster", "seed-nodes") is not HoconArray seeds)
        {
            return;
        }
        var (want, other) = cluster.Insecure ? (PlainScheme, SecureScheme) : (SecureScheme, PlainScheme);
        foreach (var seed in seeds.Items.OfType<HoconScalar>().Where(s => !s.Text.StartsWith(want, StringComparison.Ordinal)))
        {
            var fix = seed.Text.StartsWith(other, StringComparison.Ordinal) ? $"\"{want}{seed.Text[other.Length..]}\"" : $"{want}SYSTEM@HOST:PORT";
            var why = cluster.Insecure ? "with lvs.cluster.tls.insecure = on the transport has no TLS" : "with lvs.cluster.tls the transport speaks TLS";
            errors.Add(new ConfigError(seed.Position, "akka.cluster.seed-nodes", $"\"{seed.Text}\": {why}, so seeds are {want}… addresses; write {fix}"));
        }
    }
}
