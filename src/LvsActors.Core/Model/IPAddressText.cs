using System.Net;
using System.Net.Sockets;

namespace LvsActors.Model;

/// <summary>
/// Reads an IP address the one way an operator means it. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// follows inet_aton: <c>010.0.0.1</c> is octal (8.0.0.1), <c>0x7f.0.0.1</c> hex (127.0.0.1), <c>10.1</c> is 10.0.0.1
/// — a real server that silently points elsewhere. Here IPv4 is exactly four decimal parts without leading zeros.
/// </summary>
public static class IPAddressText
{
    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");
    private static readonly System.Buffers.SearchValues<char> V6Characters = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:.");

    /// <summary>What is accepted, for error messages.</summary>
    public const string Accepted = "an IPv4 address as four decimal numbers without leading zeros, such as 192.0.2.1, or an IPv6 address such as 2001:db8::1";

    /// <summary>The address, or null when <paramref name="text"/> is not a canonical IPv4 or an IPv6 address.</summary>
    public static IPAddress? Parse(ReadOnlySpan<char> text)
    {
        if (text.Contains(':'))
        {
            return ParseV6(text);
        }
        return IsDottedQuad(text) && IPAddress.TryParse(text, out var v4) ? v4 : null;
    }

    /// <summary>
    /// Why a text the system's parser takes is refused here (leading zeros, hex), as a sentence to append to an error;
    /// empty otherwise.
    /// </summary>
    public static string Hint(string text) =>
        !text.Contains(':') && text.Split('.').Any(p => p.Length > 1 && (p[0] == '0' || p.Contains('x', StringComparison.OrdinalIgnoreCase))) && IPAddress.TryParse(text, out var lenient)
        ? $"; \"{text}\" would be read as {lenient} by inet_aton (leading zeros are octal, 0x is hex): write the four decimal numbers"
        : "";

    /// <summary>True for digits only, no sign, no leading zero, no spaces: the way ports and prefix lengths are written.</summary>
    public static bool IsDecimal(ReadOnlySpan<char> text, int maxDigits) =>
        text.Length is > 0 && text.Length <= maxDigits && (text.Length == 1 || text[0] != '0') && !text.ContainsAnyExcept(Digits);

    private static IPAddress? ParseV6(ReadOnlySpan<char> text)
    {
        // No zone (fe80::1%eth0), brackets or spaces: IPVS has no use for a scope, and the port has its own syntax.
        if (text.ContainsAnyExcept(V6Characters) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }
        var tail = text[(text.LastIndexOf(':') + 1)..];
        return !tail.Contains('.') || IsDottedQuad(tail) ? v6 : null;
    }

    // Four decimal numbers up to 255, each as IsDecimal writes them, walked in place (no split).
    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        for (var part = 0; part < 4; part++)
        {
            var dot = text.IndexOf('.');
            var number = part < 3 ? (dot < 0 ? [] : text[..dot]) : text;
            if (part == 3 && dot >= 0 || !IsDecimal(number, 3) || int.Parse(number, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
            text = part < 3 ? text[(dot + 1)..] : [];
        }
        return true;
    }
}
