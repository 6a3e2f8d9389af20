using System.Net;
using System.Net.Sockets;
using LvsActors.Model;
using LvsActors.Scheduling;

namespace LvsActors.Cli.Commands;

/// <summary>Parses the connection and server notations of <c>simulate</c>; every mistake is a FormatException that names the value.</summary>
internal static class SimulationInput
{
    // ipvsadm's limit for -x and -y; the kernel keeps them as u32.
    private const int MaxThreshold = 65535;

    /// <summary>
    /// <c>ADDR:PORT[@WEIGHT][,upper=N][,lower=N]</c>: weight 1 when left out, as ipvsadm -a; upper and lower are the
    /// connection thresholds of ipvsadm -x and -y (0, the default, means none).
    /// </summary>
    public static SimulatedServer Server(string text)
    {
        var parts = text.Split(',');
        var upper = 0;
        var lower = 0;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            if (name is not ("upper" or "lower") || !int.TryParse(part[(eq + 1)..], out var value) || value is < 0 or > MaxThreshold)
            {
                throw new FormatException($"--server {text}: '{part}' should be upper=N or lower=N with N from 0 to {MaxThreshold}");
            }
            (upper, lower) = name == "upper" ? (value, lower) : (upper, value);
        }
        var endpoint = parts[0];
        var at = endpoint.LastIndexOf('@');
        var weight = 1;
        if (at >= 0 && (!int.TryParse(endpoint[(at + 1)..], out weight) || weight is < 0 or > RealServer.MaxWeight))
        {
            throw new FormatException($"--server {text}: the weight after '@' must be 0 to {RealServer.MaxWeight}");
        }
        return new SimulatedServer(ParseEndpoint(at >= 0 ? endpoint[..at] : endpoint, "--server"), weight, new ConnectionThresholds(upper, lower));
    }

    /// <summary>
    /// <c>SRC[:PORT][&gt;DST]</c>. Without a port the n-th connection gets source port 40000 + n, so that repeated
    /// runs are the same.
    /// </summary>
    public static SimulatedConnection Connection(string text, int n)
    {
        var arrow = text.IndexOf('>');
        var source = arrow >= 0 ? text[..arrow] : text;
        var destination = arrow >= 0 ? ParseEndpoint(text[(arrow + 1)..], "--connection") : (Endpoint?)null;
        var parsed = Endpoint.TryParse(source, (ushort)(40000 + n % 25000), out var error)
            ?? throw new FormatException($"--connection {text}: {error}");
        return new SimulatedConnection(parsed, destination);
    }

    /// <summary>
    /// <paramref name="count"/> connections from the host addresses of <paramref name="cidr"/> in turn; after the last
    /// address the next round uses the next source port (from 32768), like clients that reconnect.
    /// </summary>
    public static IReadOnlyList<SimulatedConnection> Generated(int count, string cidr)
    {
        var slash = cidr.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var network) || !int.TryParse(cidr[(slash + 1)..], out var prefix))
        {
            throw new FormatException($"--source {cidr}: expected a network such as 203.0.113.0/24");
        }
        var bits = network.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (prefix < 0 || prefix > bits)
        {
            throw new FormatException($"--source {cidr}: the prefix length must be 0 to {bits}");
        }
        // Skip the network address itself when the network has room for hosts.
        var size = (int)Math.Min(1L << Math.Min(bits - prefix, 20), 1 << 20);
        var first = size > 2 ? 1 : 0;
        var hosts = size - 2 * first;
        var bytes = network.GetAddressBytes();
        var connections = new List<SimulatedConnection>(count);
        for (var i = 0; i < count; i++)
        {
            var address = (byte[])bytes.Clone();
            var offset = i % hosts + first;
            for (var b = address.Length - 1; b >= 0 && offset > 0; b--, offset >>= 8)
            {
                address[b] = (byte)(address[b] + (offset & 0xFF));
            }
            connections.Add(new SimulatedConnection(new Endpoint(new IPAddress(address), (ushort)(32768 + i / hosts % 28232))));
        }
        return connections;
    }

    /// <summary><c>K=ADDR:PORT</c>.</summary>
    public static SimulatedRemoval Removal(string text)
    {
        var eq = text.IndexOf('=');
        if (eq < 0 || !int.TryParse(text[..eq], out var after) || after < 0)
        {
            throw new FormatException($"--remove-after {text}: expected K=ADDR:PORT, e.g. 10=198.51.100.12:80");
        }
        return new SimulatedRemoval(after, ParseEndpoint(text[(eq + 1)..], "--remove-after"));
    }

    /// <summary><c>ADDR:PORT</c> as the configuration reads it.</summary>
    public static Endpoint ParseEndpoint(string text, string option) =>
        Endpoint.TryParse(text, null, out var error) ?? throw new FormatException($"{option} {text}: {error}");
}
