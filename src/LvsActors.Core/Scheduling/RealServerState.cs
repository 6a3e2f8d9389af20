namespace LvsActors.Scheduling;

/// <summary>Identifies a real server inside one virtual service: its address and port.</summary>
public readonly record struct RealServerKey(InetAddress Address, ushort Port)
{
    /// <summary>Parses "192.0.2.1:80" or "[2001:db8::1]:80".</summary>
    public static RealServerKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text.AsSpan(colon + 1), out var port))
            throw new FormatException($"Real server '{text}' is not address:port (e.g. 192.0.2.1:80 or [2001:db8::1]:80).");
        var host = text[..colon].Trim('[', ']');
        return new RealServerKey(InetAddress.Parse(host), port);
    }

    public override string ToString() => Address.IsIPv6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>
/// What a scheduler sees of one real server (the kernel's <c>struct ip_vs_dest</c> fields it reads).
/// </summary>
/// <param name="Address">The real server's address.</param>
/// <param name="Port">The real server's port.</param>
/// <param name="Weight">0–65535; 0 means quiescent: no new connections from any weight-based scheduler.</param>
/// <param name="ActiveConnections">The kernel's <c>activeconns</c>.</param>
/// <param name="InactiveConnections">The kernel's <c>inactconns</c> (e.g. TIME_WAIT entries).</param>
/// <param name="Overloaded">The kernel's <c>IP_VS_DEST_F_OVERLOAD</c>, see <see cref="ConnectionThresholds"/>.</param>
public readonly record struct RealServerState(
    InetAddress Address,
    ushort Port,
    int Weight,
    int ActiveConnections = 0,
    int InactiveConnections = 0,
    bool Overloaded = false)
{
    /// <summary>The server's identity within its virtual service.</summary>
    public RealServerKey Key => new(Address, Port);

    /// <summary>Creates a state with no connections.</summary>
    public RealServerState(RealServerKey key, int weight) : this(key.Address, key.Port, weight)
    {
    }

    /// <summary>
    /// <c>ip_vs_dest_conn_overhead</c> (include/net/ip_vs.h): an active connection costs 256 inactive ones.
    /// Kept as a 32-bit int that wraps, as the kernel's (built with -fno-strict-overflow) does.
    /// </summary>
    public int ConnectionOverhead => unchecked((ActiveConnections << 8) + InactiveConnections);

    /// <summary>Not overloaded and weight above zero: what rr, sh and mh call available.</summary>
    internal bool IsAvailable => !Overloaded && Weight > 0;
}
