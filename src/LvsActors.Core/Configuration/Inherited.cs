using LvsActors.Model;

namespace LvsActors.Configuration;

/// <summary>
/// Settings a virtual service passes down to its real servers and a real server to its checks, as keepalived lets
/// delay_loop, retry, lvs_method and friends be set at either level; the innermost wins.
/// </summary>
internal sealed record Inherited(
    ForwardingMethod Forwarding,
    TunnelSettings? Tunnel,
    bool InhibitOnFailure,
    CheckTiming Timing)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    // The timing read last, handed out again when the next section reads the same: a table's ten thousand checks
    // mostly share one timing, and a record each is garbage. Records are immutable, so sharing one is safe.
    [ThreadStatic]
    private static CheckTiming? s_lastTiming;

    /// <summary>Reads the timing keys of <paramref name="section"/> over these defaults.</summary>
    public CheckTiming ReadTiming(Section section)
    {
        var warmup = section.Has("warmup") ? section.Duration("warmup", TimeSpan.Zero, TimeSpan.Zero, Day) : Timing.Warmup;
        var delayLoop = section.Duration("delay-loop", Timing.DelayLoop, TimeSpan.FromMilliseconds(100), Day);
        var retry = (int)section.Integer("retry", Timing.Retry, 0, 1000);
        var delayBeforeRetry = section.Duration("delay-before-retry", Timing.DelayBeforeRetry, TimeSpan.Zero, Day);
        var connectTimeout = section.Duration("connect-timeout", Timing.ConnectTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        foreach (var known in (ReadOnlySpan<CheckTiming?>)[Timing, s_lastTiming])
        {
            if (known is not null && known.DelayLoop == delayLoop && known.Retry == retry && known.DelayBeforeRetry == delayBeforeRetry
                && known.Warmup == warmup && known.ConnectTimeout == connectTimeout)
            {
                return known;
            }
        }
        return s_lastTiming = new CheckTiming(delayLoop, retry, delayBeforeRetry, warmup, connectTimeout);
    }

    /// <summary>Reads forwarding, tunnel, inhibit-on-failure and timing of <paramref name="section"/> over these defaults.</summary>
    public Inherited ReadFrom(Section section)
    {
        var forwarding = ReadForwarding(section);
        var inhibit = section.Bool("inhibit-on-failure", InhibitOnFailure);
        var timing = ReadTiming(section);
        // Unchanged (a real server that sets none of these), the same record serves.
        return forwarding.InhibitOnFailure == inhibit && ReferenceEquals(forwarding.Timing, timing)
            ? forwarding
            : forwarding with { InhibitOnFailure = inhibit, Timing = timing };
    }

    /// <summary>Reads only forwarding and tunnel (what a sorry server may set).</summary>
    public Inherited ReadForwarding(Section section)
    {
        var forwarding = section.Choice("forwarding", Forwarding, Choices.Forwarding);
        var tunnel = section.Object("tunnel") is { } t ? ReadTunnel(t) : Tunnel;
        return forwarding == Forwarding && ReferenceEquals(tunnel, Tunnel) ? this : this with { Forwarding = forwarding, Tunnel = tunnel };
    }

    private static TunnelSettings ReadTunnel(Section section)
    {
        var type = section.Choice("type", TunnelType.Ipip, Choices.TunnelTypes);
        var port = (ushort)section.Integer("port", 0, 0, 65535);
        var checksum = section.Choice("checksum", TunnelChecksum.NoChecksum, Choices.TunnelChecksums);
        if (type == TunnelType.Gue && port == 0)
        {
            section.Error("port", "a GUE tunnel needs the real server's GUE port (the kernel refuses GUE without one), e.g. port = 6080");
        }
        if (type != TunnelType.Gue && section.Has("port"))
        {
            section.Error("port", $"only GUE tunnels take a port; this tunnel is {type.ToString().ToLowerInvariant()}");
        }
        if (type == TunnelType.Ipip && section.Has("checksum"))
        {
            section.Error("checksum", "checksum options apply to GUE and GRE tunnels only; ipip has none");
        }
        if (type == TunnelType.Gre && checksum == TunnelChecksum.RemoteChecksum)
        {
            // ipvsadm refuses it and the kernel ignores the flag for GRE: remote checksum offload is a GUE feature.
            section.Error("checksum", "remcsum applies to GUE tunnels only; a GRE tunnel takes nocsum or csum");
        }
        section.Finish();
        return new TunnelSettings(type, port, checksum);
    }
}
