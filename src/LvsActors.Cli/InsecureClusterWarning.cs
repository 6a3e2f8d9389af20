using LvsActors.Model;

namespace LvsActors.Cli;

/// <summary>The warning <c>validate</c> and <c>run</c> give on every start while a cluster runs without TLS.</summary>
internal static class InsecureClusterWarning
{
    public static void Log(LvsConfig config, string file, Serilog.ILogger log)
    {
        if (config.Cluster.Insecure)
        {
            log.Warning("{File}: lvs.cluster.tls.insecure = on: any process that reaches the remoting port can join the cluster and take the VIPs; "
                + "create certificates with `lvsactors cluster-certs` and set lvs.cluster.tls {{ certificate, key, ca }}", file);
        }
    }
}
