using System.Net;

namespace LvsActors.Model;

/// <summary>
/// When and how often a checker runs (keepalived delay_loop, retry, delay_before_retry, warmup, connect_timeout).
/// As in keepalived, a checker declares its real server down after a failure followed by <see cref="Retry"/> failed
/// retries, spaced by <see cref="DelayBeforeRetry"/>; one success brings it back up.
/// </summary>
/// <param name="Warmup">The first check starts after a random delay up to this; null means up to one delay loop.</param>
public sealed record CheckTiming(TimeSpan DelayLoop, int Retry, TimeSpan DelayBeforeRetry, TimeSpan? Warmup, TimeSpan ConnectTimeout)
{
    /// <summary>keepalived's defaults: delay_loop 60 s, retry 1, delay_before_retry 1 s, warmup = delay_loop, connect_timeout 5 s.</summary>
    public static readonly CheckTiming Default = new(TimeSpan.FromSeconds(60), 1, TimeSpan.FromSeconds(1), null, TimeSpan.FromSeconds(5));

    /// <summary>The longest random delay before the first check.</summary>
    public TimeSpan EffectiveWarmup => Warmup ?? DelayLoop;
}

/// <summary>Where a checker connects and binds, when not to the real server itself (connect_ip, connect_port, bindto, bind_port).</summary>
public sealed record ConnectOptions(IPAddress? Address, ushort? Port, IPAddress? BindAddress, ushort? BindPort)
{
    /// <summary>Connect to the real server's own address and port; let the kernel choose the source.</summary>
    public static readonly ConnectOptions Default = new(null, null, null, null);
}

/// <summary>One health checker of a real server. Every kind shares timing and connect options.</summary>
public abstract record HealthCheckSpec(CheckTiming Timing, ConnectOptions Connect)
{
    /// <summary>The checker's name in configuration (<c>tcp</c>, <c>http</c>, …).</summary>
    public abstract string Kind { get; }
}

/// <summary>TCP_CHECK: the connection is accepted.</summary>
public sealed record TcpCheckSpec(CheckTiming Timing, ConnectOptions Connect) : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => "tcp";
}

/// <summary>An inclusive range of HTTP status codes.</summary>
public readonly record struct StatusRange(int From, int To)
{
    /// <summary>keepalived's default: any 2xx.</summary>
    public static readonly StatusRange Success = new(200, 299);

    public bool Contains(int status) => status >= From && status <= To;
    public override string ToString() => From == To ? From.ToString() : $"{From}-{To}";
}

/// <summary>One URL of an HTTP_GET / SSL_GET checker; every URL must pass.</summary>
/// <param name="Digest">Lower-case hex MD5 of the body, as keepalived's genhash prints it.</param>
/// <param name="Regex">A pattern the body must match, or must not match when <paramref name="RegexNoMatch"/>.</param>
public sealed record UrlCheck(string Path, ValueList<StatusRange> StatusCodes, string? Digest, string? Regex, bool RegexNoMatch, string? VirtualHost);

/// <summary>HTTP_GET (or SSL_GET when <paramref name="Tls"/>): every URL answers as expected.</summary>
public sealed record HttpCheckSpec(
    CheckTiming Timing, ConnectOptions Connect, bool Tls, ValueList<UrlCheck> Urls, string HttpVersion, string? VirtualHost,
    string? ServerName) : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => Tls ? "https" : "http";
}

/// <summary>SMTP_CHECK: a 2xx banner, then HELO is answered with 2xx. A null HELO name means this host's name.</summary>
public sealed record SmtpCheckSpec(CheckTiming Timing, ConnectOptions Connect, string? HeloName) : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => "smtp";
}

/// <summary>The record types DNS_CHECK can ask for.</summary>
public enum DnsQueryType
{
    A = 1,
    Ns = 2,
    Cname = 5,
    Soa = 6,
    Mx = 15,
    Txt = 16,
    Aaaa = 28,
}

/// <summary>DNS_CHECK: a query of <paramref name="Type"/> for <paramref name="Name"/> gets an answer.</summary>
public sealed record DnsCheckSpec(CheckTiming Timing, ConnectOptions Connect, DnsQueryType Type, string Name) : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => "dns";
}

/// <summary>
/// MISC_CHECK: an external program. Exit 0 is up, 1 down; with <paramref name="Dynamic"/>, 2–255 is up with
/// weight = code − 2.
/// </summary>
public sealed record MiscCheckSpec(CheckTiming Timing, ConnectOptions Connect, NotifyCommand Command, TimeSpan Timeout, string? User, bool Dynamic)
    : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => "misc";
}

/// <summary>UDP_CHECK: the payload is sent; with <paramref name="RequireReply"/> a reply within the length bounds is needed.</summary>
public sealed record UdpCheckSpec(
    CheckTiming Timing, ConnectOptions Connect, ValueList<byte> Payload, bool RequireReply, int MinReplyLength, int MaxReplyLength)
    : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => "udp";
}

/// <summary>PING_CHECK: an ICMP (or ICMPv6) echo is answered.</summary>
public sealed record PingCheckSpec(CheckTiming Timing, ConnectOptions Connect) : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => "ping";
}

/// <summary>
/// FILE_CHECK: the number in a watched file decides, as in keepalived. With <paramref name="Weight"/> 0, 0 (or no
/// file) is up and any other value down; otherwise the real server's weight becomes its weight + value × weight,
/// and a negative result is down.
/// </summary>
public sealed record FileCheckSpec(CheckTiming Timing, ConnectOptions Connect, string Path, int Weight) : HealthCheckSpec(Timing, Connect)
{
    public override string Kind => "file";
}
