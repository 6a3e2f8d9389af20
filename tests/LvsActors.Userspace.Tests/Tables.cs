using System.Net;
using LvsActors.Director.DataPlanes.Userspace;
using LvsActors.Model;
using LvsActors.Table;

namespace LvsActors.Userspace.Tests;

/// <summary>Builds table entries and data planes with timeouts short enough for specs.</summary>
internal static class Tables
{
    public static UserspaceOptions FastOptions { get; } = new()
    {
        SweepInterval = TimeSpan.FromMilliseconds(50),
        TcpInactiveTimeout = TimeSpan.FromSeconds(1),
        TcpConnectTimeout = TimeSpan.FromSeconds(2),
    };

    public static ServiceEntry Service(Protocol protocol, IPEndPoint vip, string scheduler, params DestinationEntry[] destinations) =>
        new(new AddressServiceKey(protocol, new Endpoint(vip.Address, (ushort)vip.Port)), new SchedulerSpec(scheduler, SchedulerFlags.None),
            null, false, null, new ValueList<DestinationEntry>(destinations));

    public static ServiceEntry Tcp(IPEndPoint vip, string scheduler, params DestinationEntry[] destinations) =>
        Service(Protocol.Tcp, vip, scheduler, destinations);

    public static DestinationEntry Destination(IPEndPoint server, int weight = 1, Thresholds? thresholds = null) =>
        new(new Endpoint(server.Address, (ushort)server.Port), weight, ForwardingMethod.Nat, null, thresholds ?? Thresholds.None);

    public static IPEndPoint Vip(string address) => new(IPAddress.Parse(address), LoopbackPort.Free(address));

    /// <summary>An endpoint nothing listens on: 127.0.0.8 and .9 are used by no stub and no VIP, so no parallel spec can take them.</summary>
    public static IPEndPoint Dead(string address = "127.0.0.9") => Vip(address);

    public static Endpoint Endpoint(IPEndPoint endPoint) => new(endPoint.Address, (ushort)endPoint.Port);

    public static Task<IReadOnlyList<TableChange>> ApplyAsync(this UserspaceDataPlane plane, params ServiceEntry[] table) =>
        plane.ApplyAsync(table, CancellationToken.None);

    /// <summary>Active and inactive connections of one real server.</summary>
    public static (int Active, int Inactive) CountsOf(this UserspaceDataPlane plane, ServiceEntry service, IPEndPoint server)
    {
        var counters = plane.Counters(service.Key).Single(c => c.Endpoint == Endpoint(server));
        return (counters.ActiveConnections, counters.InactiveConnections);
    }
}
