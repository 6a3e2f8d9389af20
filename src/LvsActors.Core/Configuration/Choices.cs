using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>The names configuration accepts for enumerations; case does not matter (keepalived users write NAT, TCP).</summary>
internal static class Choices
{
    private static Dictionary<string, T> Of<T>(params (string Name, T Value)[] items) =>
        items.ToDictionary(i => i.Name, i => i.Value, StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlyDictionary<string, Protocol> Protocols =
        Of(("tcp", Protocol.Tcp), ("udp", Protocol.Udp), ("sctp", Protocol.Sctp));

    public static readonly IReadOnlyDictionary<string, ForwardingMethod> Forwarding =
        Of(("nat", ForwardingMethod.Nat), ("dr", ForwardingMethod.DirectRouting), ("tun", ForwardingMethod.Tunnel));

    public static readonly IReadOnlyDictionary<string, TunnelType> TunnelTypes =
        Of(("ipip", TunnelType.Ipip), ("gue", TunnelType.Gue), ("gre", TunnelType.Gre));

    public static readonly IReadOnlyDictionary<string, TunnelChecksum> TunnelChecksums =
        Of(("nocsum", TunnelChecksum.NoChecksum), ("csum", TunnelChecksum.Checksum), ("remcsum", TunnelChecksum.RemoteChecksum));

    public static readonly IReadOnlyDictionary<string, System.Net.Sockets.AddressFamily> Families =
        Of(("ipv4", System.Net.Sockets.AddressFamily.InterNetwork), ("ipv6", System.Net.Sockets.AddressFamily.InterNetworkV6));

    public static readonly IReadOnlyDictionary<string, DataPlaneKind> DataPlanes =
        Of(("auto", DataPlaneKind.Auto), ("ipvs", DataPlaneKind.Ipvs), ("userspace", DataPlaneKind.Userspace), ("dry-run", DataPlaneKind.DryRun));

    public static readonly IReadOnlyDictionary<string, LogLevel> LogLevels = Of(
        ("verbose", LogLevel.Verbose), ("debug", LogLevel.Debug), ("info", LogLevel.Information), ("information", LogLevel.Information),
        ("warning", LogLevel.Warning), ("error", LogLevel.Error), ("fatal", LogLevel.Fatal));

    public static readonly IReadOnlyDictionary<string, LogFormat> LogFormats = Of(("text", LogFormat.Text), ("json", LogFormat.Json));

    public static readonly IReadOnlyDictionary<string, DirectorRole> Roles =
        Of((ClusterRoles.Director, DirectorRole.Director), (ClusterRoles.Witness, DirectorRole.Witness));

    public static readonly IReadOnlyDictionary<string, ClusterMode> ClusterModes =
        Of(("active-standby", ClusterMode.ActiveStandby), ("active-active", ClusterMode.ActiveActive));

    public static readonly IReadOnlyDictionary<string, DnsQueryType> DnsTypes = Of(
        ("A", DnsQueryType.A), ("NS", DnsQueryType.Ns), ("CNAME", DnsQueryType.Cname), ("SOA", DnsQueryType.Soa),
        ("MX", DnsQueryType.Mx), ("TXT", DnsQueryType.Txt), ("AAAA", DnsQueryType.Aaaa));

    public static readonly IReadOnlyDictionary<string, string> CheckKinds = Of(
        ("tcp", "tcp"), ("http", "http"), ("https", "https"), ("smtp", "smtp"), ("dns", "dns"), ("udp", "udp"),
        ("ping", "ping"), ("misc", "misc"), ("file", "file"));
}
