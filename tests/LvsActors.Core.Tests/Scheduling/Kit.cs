using LvsActors.Scheduling;

namespace LvsActors.Core.Tests.Scheduling;

/// <summary>Shorthand for building services and packets in scheduler tests.</summary>
internal static class Kit
{
    public const string Vip = "203.0.113.1";

    public static RealServerKey Rs(string text) => RealServerKey.Parse(text);

    public static InetAddress Ip(string text) => InetAddress.Parse(text);

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

    public static PacketAddressing From(string client, ushort port = 40000, string destination = Vip,
        IpProtocol protocol = IpProtocol.Tcp) =>
        new(Ip(client), port, Ip(destination), 80, protocol);

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
