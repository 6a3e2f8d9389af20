namespace LvsActors.Model;

/// <summary>
/// The PEM files that authenticate this director to its peers (lvs.cluster.tls): its certificate and key, and the CA
/// every peer's certificate must be signed by. Paths are absolute, resolved against the file that named them.
/// </summary>
public sealed record ClusterTls(string Certificate, string Key, string Ca);
