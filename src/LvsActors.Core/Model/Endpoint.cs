using System.Net;
using System.Net.Sockets;

namespace LvsActors.Model;

/// <summary>An IPv4 or IPv6 address with a port, written as ipvsadm writes it: <c>192.0.2.1:80</c>, <c>[2001:db8::1]:80</c>.</summary>
public readonly record struct Endpoint(IPAddress Address, ushort Port)
{
    /// <summary>The address family of <see cref="Address"/>.</summary>
    public AddressFamily Family => Address.AddressFamily;

    public override string ToString() => Family == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    /// <summary>
    /// Parses <c>ADDR:PORT</c>, <c>[V6]:PORT</c>, or a bare address when <paramref name="defaultPort"/> is given.
    /// Returns null with a reason that says what is accepted.
    /// </summary>
    public static Endpoint? TryParse(string text, ushort? defaultPort, out string? error)
    {
        // On spans: a table parses ten thousand of these, and substrings of each were megabytes of garbage.
        error = null;
        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port = default;
        var hasPort = false;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = "an IPv6 address with a port is written [2001:db8::1]:80";
                return null;
            }
            host = text.AsSpan(1, close - 1);
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':')
                {
                    error = "an IPv6 address with a port is written [2001:db8::1]:80";
                    return null;
                }
                port = text.AsSpan(close + 2);
                hasPort = true;
            }
        }
        else if (text.AsSpan().Count(':') == 1)
        {
            var colon = text.IndexOf(':');
            host = text.AsSpan(0, colon);
            port = text.AsSpan(colon + 1);
            hasPort = true;
        }
        else
        {
            host = text;
        }
        if (IPAddressText.Parse(host) is not { } address)
        {
            error = "expected an IPv4 or IPv6 address such as 192.0.2.1 or [2001:db8::1] (host names are not resolved)" + IPAddressText.Hint(host.ToString());
            return null;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !text.StartsWith('[') && !hasPort && defaultPort is null)
        {
            error = "an IPv6 address with a port is written [2001:db8::1]:80";
            return null;
        }
        if (!hasPort)
        {
            if (defaultPort is null)
            {
                error = "a port is required: ADDRESS:PORT, for example 192.0.2.1:80";
                return null;
            }
            return new Endpoint(address, defaultPort.Value);
        }
        if (!IPAddressText.IsDecimal(port, 5) || !ushort.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p))
        {
            error = "the port must be a number from 0 to 65535" + (ushort.TryParse(port, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _) ? ", written without sign, spaces or leading zeros" : "");
            return null;
        }
        return new Endpoint(address, p);
    }
}
