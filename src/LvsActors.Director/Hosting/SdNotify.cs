using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace LvsActors.Director.Hosting;

/// <summary>
/// systemd's sd_notify protocol, without libsystemd: one datagram of <c>KEY=VALUE</c> lines to the unix socket named
/// in <c>$NOTIFY_SOCKET</c> (a leading '@' is an abstract socket). Used for Type=notify: READY=1 once serving,
/// RELOADING=1 … READY=1 around a reload, STOPPING=1 on the way out, STATUS= for `systemctl status`.
/// </summary>
public sealed class SdNotify : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endpoint;

    private SdNotify(string path) => _endpoint = new UnixDomainSocketEndPoint(path.StartsWith('@') ? "\0" + path[1..] : path);

    /// <summary>The notifier systemd asked for, or null when not started by systemd with Type=notify.</summary>
    public static SdNotify? FromEnvironment() =>
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 } path ? new SdNotify(path) : null;

    /// <summary>Sends one notification; a failure is returned, not thrown: a director keeps running if systemd does not listen.</summary>
    public string? Send(params string[] lines)
    {
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(string.Join('\n', lines)), _endpoint);
            return null;
        }
        catch (SocketException e)
        {
            return e.Message;
        }
    }

    /// <summary>RELOADING=1 with the CLOCK_MONOTONIC time systemd requires of Type=notify-reload services.</summary>
    public string? Reloading(string status) => Send("RELOADING=1", $"MONOTONIC_USEC={MonotonicMicroseconds()}", $"STATUS={status}");

    // On Linux the Stopwatch reads CLOCK_MONOTONIC, in ticks of Stopwatch.Frequency per second.
    private static long MonotonicMicroseconds() => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));

    public void Dispose() => _socket.Dispose();
}
