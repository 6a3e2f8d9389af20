using LvsActors.Model;
using LvsActors.Scheduling;

namespace LvsActors.Core.Tests.Scheduling;

/// <summary>Shorthand for building services and packets in scheduler tests.</summary>
internal static class Kit
{
    public const string Vip = "203.0.113.1";

    /// <summary>A real server as the configuration names it; lists and simulations take it as it is.</summary>
    public static Endpoint Rs(string text) =>
        Endpoint.TryParse(text, null, out var error) ?? throw new FormatException($"{text}: {error}");

    public static InetAddress Ip(string text) => InetAddress.Parse(text);

    /// <summary>A client's address and port, for simulations.</summary>
    public static Endpoint Client(string address, int port) => new(System.Net.IPAddress.Parse(address), (ushort)port);

    /// <summary>A service whose servers are added in the given order (so the kernel list is the reverse).</summary>
    public static DestinationList Service(IScheduler scheduler, params (string Server, int Weight)[] servers)
    {
        var list = new DestinationList(scheduler);
        foreach (var (server, weight) in servers)
            list.Add(Rs(server), weight);
        return list;
    }

    public static DestinationList Service(string scheduler, params (string Server, int Weight)[] servers) =>
        Service(SchedulerFactory.Create(scheduler), servers);

    public static PacketAddressing From(string client, ushort port = 40000, string destination = Vip) =>
        new(Ip(client), port, Ip(destination), 80);

    /// <summary>Schedules one connection and returns the chosen server's address:port, or "none".</summary>
    public static string Pick(DestinationList list, in PacketAddressing packet)
    {
        var index = list.Schedule(packet);
        return index < 0 ? "none" : list.Destinations[index].Key.ToString();
    }

    /// <summary>Schedules <paramref name="count"/> connections from one client, binding each to its server
    /// (left active when <paramref name="keepOpen"/>, else moved to inactive as a closed connection is).</summary>
    public static string[] Run(DestinationList list, int count, bool keepOpen = true, PacketAddressing? packet = null)
    {
        var p = packet ?? From("198.51.100.1");
        var picks = new string[count];
        for (var i = 0; i < count; i++)
        {
            var index = list.Schedule(p);
            picks[i] = index < 0 ? "none" : list.Destinations[index].Key.ToString();
            if (index < 0)
                continue;
            list.BindConnection(index);
            if (!keepOpen)
                list.DeactivateConnection(index);
        }
        return picks;
    }

    /// <summary>A short label for a 192.0.2.x:80 server: "x".</summary>
    public static string[] Short(IEnumerable<string> picks) =>
        picks.Select(p => p == "none" ? "-" : p.Replace("192.0.2.", "").Replace(":80", "")).ToArray();
}
