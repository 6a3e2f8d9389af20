using System.Net;
using LvsActors.Director.Actors;
using LvsActors.Director.Anycast;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Anycast;

/// <summary>
/// Which VIPs an active-active director announces: those with a service that can take traffic (quorum, or a sorry
/// server), by the service's address; a firewall-mark service counts for every VIP; a service gone from the polls
/// counts no more; nothing is announced before a service has said anything.
/// </summary>
public sealed class ServedVipsTests
{
    private static readonly Vip A = new(IPAddress.Parse("203.0.113.100"), 32, "lvsvip0");
    private static readonly Vip B = new(IPAddress.Parse("203.0.113.101"), 32, "lvsvip0");
    private static readonly Vip Six = new(IPAddress.Parse("2001:db8::100"), 128, "lvsvip0");

    private static ServiceStatus Status(string name, string key, bool quorumUp) => new(name, key, "mh", quorumUp, false, []);

    [Fact]
    public void Nothing_is_announced_before_a_service_answered() =>
        Assert.Empty(new ServedVips([A, B], []).Served());

    [Fact]
    public void A_vip_is_served_while_a_service_on_its_address_has_quorum()
    {
        var served = new ServedVips([A, B, Six], []);
        served.Update(Status("web", "203.0.113.100:80/TCP", true));
        served.Update(Status("dns", "203.0.113.101:53/UDP", false));
        served.Update(Status("web6", "[2001:db8::100]:80/TCP", true));

        Assert.Equal([A, Six], served.Served());

        served.Update(new QuorumChanged("web", false, 0));
        served.Update(new QuorumChanged("dns", true, 1));
        Assert.Equal([B, Six], served.Served());
    }

    [Fact]
    public void Two_services_on_one_vip_keep_it_while_either_has_quorum()
    {
        var served = new ServedVips([A], []);
        served.Update(Status("http", "203.0.113.100:80/TCP", false));
        served.Update(Status("https", "203.0.113.100:443/TCP", true));

        Assert.Equal([A], served.Served());
    }

    [Fact]
    public void A_service_with_a_sorry_server_serves_without_quorum()
    {
        var service = new VirtualService("web", new AddressServiceKey(Protocol.Tcp, new Endpoint(A.Address, 80)), new SchedulerSpec("mh", SchedulerFlags.None),
            null, false, null, ValueList<RealServer>.Empty, new SorryServer(new Endpoint(IPAddress.Parse("198.51.100.9"), 80), ForwardingMethod.DirectRouting, null, false),
            QuorumSettings.Default, false, false, false, null);
        var served = new ServedVips([A], [service]);
        served.Update(Status("web", "203.0.113.100:80/TCP", false));

        Assert.Equal([A], served.Served());
    }

    [Fact]
    public void A_firewall_mark_service_counts_for_every_vip()
    {
        var served = new ServedVips([A, B], []);
        served.Update(Status("marked", "fwmark 7", true));

        Assert.Equal([A, B], served.Served());
    }

    [Fact]
    public void A_service_that_stopped_answering_counts_no_more()
    {
        var served = new ServedVips([A], []);
        served.Update(Status("web", "203.0.113.100:80/TCP", true));

        served.Retain(new HashSet<string> { "other" });

        Assert.Empty(served.Served());
        // Its quorum changes no longer revive it either: only a status does.
        served.Update(new QuorumChanged("web", true, 1));
        Assert.Empty(served.Served());
    }
}
