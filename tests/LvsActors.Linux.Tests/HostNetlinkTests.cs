using System.Net;
using LvsActors.Linux.Ipvs;
using LvsActors.Linux.Netlink;
using LvsActors.Linux.Rtnetlink;

namespace LvsActors.Linux.Tests;

/// <summary>
/// Against this host's real kernel, read-only or refused-without-change: the host has netlink but no IPVS.
/// These prove the requests are accepted by a kernel, not only equal to our golden bytes.
/// </summary>
public class HostNetlinkTests
{
    [Fact]
    public void Ipvs_family_resolution_fails_clearly_without_ip_vs_and_succeeds_with_it()
    {
        if (File.Exists("/proc/net/ip_vs"))
        {
            // A host with IPVS: resolution must succeed with a dynamic family id.
            using IpvsClient client = IpvsClient.Open();
            Assert.True(client.FamilyId > 0x10);
        }
        else
        {
            var error = Assert.Throws<IpvsUnavailableException>(() => IpvsClient.Open());
            Assert.StartsWith("IPVS not available (generic netlink family IPVS not found: is ip_vs loaded?", error.Message);
            Assert.Equal(2, error.Errno);
        }
    }

    [Fact]
    public void The_generic_netlink_controller_resolves_itself()
    {
        using var channel = new NetlinkChannel(NetlinkSocket.Open(NetlinkConstants.NETLINK_GENERIC, TimeSpan.FromSeconds(5)));
        using var writer = new NetlinkMessageWriter();

        Assert.Equal((ushort)0x10, GenericNetlink.ResolveFamily(channel, writer, "nlctrl"));
        Assert.Null(GenericNetlink.ResolveFamily(channel, writer, "NoSuchFamily"));
    }

    [Fact]
    public void Loopback_has_127_0_0_1()
    {
        using RtnetlinkClient client = RtnetlinkClient.Open();

        int index = client.GetInterfaceIndex("lo");
        IReadOnlyList<InterfaceAddress> addresses = client.GetAddresses("lo");

        Assert.Equal(int.Parse(File.ReadAllText("/sys/class/net/lo/ifindex").Trim()), index);
        InterfaceAddress v4 = Assert.Single(addresses, a => a.Address.Equals(IPAddress.Loopback));
        Assert.Equal((byte)8, v4.PrefixLength);
        Assert.Equal(index, v4.InterfaceIndex);
        Assert.All(addresses, a => Assert.Equal(index, a.InterfaceIndex));
    }

    [Fact]
    public void Unknown_interface_is_enodev_with_a_clear_message()
    {
        using RtnetlinkClient client = RtnetlinkClient.Open();

        var error = Assert.Throws<NetlinkException>(() => client.GetInterfaceIndex("nosuchif0"));

        Assert.Equal(19, error.Errno);
        Assert.Equal("rtnetlink GetInterfaceIndex nosuchif0: no such interface", error.Message);
    }

    [Fact]
    public void Adding_an_existing_address_is_refused_without_changing_anything()
    {
        using RtnetlinkClient client = RtnetlinkClient.Open();

        var error = Assert.Throws<NetlinkException>(() => client.AddAddress("lo", IPAddress.Loopback, 8));

        // EEXIST as root (the kernel parsed our RTM_NEWADDR and found the address); EPERM without CAP_NET_ADMIN.
        Assert.Contains(error.Errno, new[] { 17, 1 });
        Assert.StartsWith("rtnetlink AddAddress 127.0.0.1/8 on lo: ", error.Message);
    }

    [Fact]
    public void Removing_an_absent_address_is_refused_without_changing_anything()
    {
        using RtnetlinkClient client = RtnetlinkClient.Open();

        var error = Assert.Throws<NetlinkException>(() => client.RemoveAddress("lo", IPAddress.Parse("192.0.2.254"), 32));

        Assert.Contains(error.Errno, new[] { 99, 1 }); // EADDRNOTAVAIL, or EPERM unprivileged
        Assert.StartsWith("rtnetlink RemoveAddress 192.0.2.254/32 on lo: ", error.Message);
    }

    [Fact]
    public void A_real_socket_receive_times_out()
    {
        using NetlinkSocket socket = NetlinkSocket.Open(NetlinkConstants.NETLINK_ROUTE, TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<NetlinkSocketException>(() => socket.Receive(new byte[4096]));

        Assert.True(error.IsTimeout);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
        Assert.NotEqual(0u, socket.PortId);
    }
}
