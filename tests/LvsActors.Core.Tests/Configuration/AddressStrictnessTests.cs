using System.Net;
using LvsActors.Model;
using LvsActors.Scheduling;

namespace LvsActors.Tests.Configuration;

/// <summary>
/// Issue 16, item 9: addresses are read the one way an operator means them (no octal, no hex, four parts), and a real
/// server cannot be an address that is no host, nor the virtual service itself.
/// </summary>
public sealed class AddressStrictnessTests
{
    [Theory]
    [InlineData("010.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.256")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.4.")]
    [InlineData(".1.2.3")]
    [InlineData("1.2.3.-4")]
    [InlineData("1.2.3.")]
    [InlineData("")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("::ffff:010.0.0.1")]
    public void Lenient_forms_are_not_addresses(string text)
    {
        Assert.Null(IPAddressText.Parse(text));
        Assert.Null(Endpoint.TryParse(text + (text.Contains(':') ? "" : ":80"), null, out _));
        Assert.Throws<FormatException>(() => InetAddress.Parse(text));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Canonical_forms_are_addresses(string text) => Assert.Equal(IPAddress.Parse(text), IPAddressText.Parse(text));

    [Theory]
    [InlineData("192.0.2.1:80", "192.0.2.1", 80)]
    [InlineData("198.51.100.255:65535", "198.51.100.255", 65535)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 443)]
    [InlineData("[::ffff:192.0.2.1]:8080", "::ffff:192.0.2.1", 8080)]
    public void Endpoints_read_their_address_and_port(string text, string address, int port) =>
        Assert.Equal(new Endpoint(IPAddress.Parse(address), (ushort)port), Endpoint.TryParse(text, null, out _));

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void A_duplicate_real_server_is_found_however_many_the_service_has(int count)
    {
        // Up to 16 are compared pairwise, more through a table: both ways name the first of the pair.
        var servers = Enumerable.Range(1, count).Select(i => $"{{ address = \"198.51.100.{i}:80\" }}").Append("{ address = \"198.51.100.2:80\" }");
        var errors = ConfigFile.Errors($"lvs.virtual-services.web {{ address = \"192.0.2.1:80\", real-servers = [ {string.Join(", ", servers)} ] }}");
        Assert.Contains($"real-servers[{count}].address: duplicate real server 198.51.100.2:80: lvs.virtual-services.web.real-servers[1] is the same", Assert.Single(errors));
    }

    [Theory]
    [InlineData("192.0.2.1:080")]
    [InlineData("192.0.2.1:+80")]
    [InlineData("192.0.2.1: 80")]
    public void Ports_are_plain_decimal(string text) => Assert.Null(Endpoint.TryParse(text, null, out _));

    [Fact]
    public void An_octal_real_server_is_refused_with_what_it_would_have_been()
    {
        var errors = ConfigFile.Errors("""
            lvs.virtual-services.web { address = "192.0.2.1:80", real-servers = [ { address = "010.0.0.1:80" }, { address = "0x7f.0.0.1:80" } ] }
            """);
        Assert.Equal(2, errors.Count);
        Assert.Contains("\"010.0.0.1\" would be read as 8.0.0.1 by inet_aton", errors[0]);
        Assert.Contains("\"0x7f.0.0.1\" would be read as 127.0.0.1 by inet_aton", errors[1]);
    }

    [Theory]
    [InlineData("0.0.0.0:80", "0.0.0.0 is the unspecified address, not a host")]
    [InlineData("255.255.255.255:80", "255.255.255.255 is the broadcast address, not a host")]
    [InlineData("224.0.0.1:80", "224.0.0.1 is a multicast group, not a host")]
    [InlineData("239.255.0.1:80", "239.255.0.1 is a multicast group, not a host")]
    [InlineData("198.51.100.1:0", "port 0 is not a port: the real server must listen on one, e.g. 198.51.100.1:80")]
    [InlineData("192.0.2.1:80", "192.0.2.1:80 is the virtual service itself: the director would forward its traffic to itself")]
    public void A_real_server_that_is_no_host_is_refused(string address, string message)
    {
        var errors = ConfigFile.Errors($$"""
            lvs.virtual-services.web { address = "192.0.2.1:80", real-servers = [ { address = "{{address}}" } ] }
            """);
        Assert.StartsWith($"test.conf:1: lvs.virtual-services.web.real-servers[0].address: {message}", Assert.Single(errors));
    }

    [Theory]
    [InlineData("::", "2001:db8::1")]
    [InlineData("ff02::1", "2001:db8::1")]
    public void IPv6_real_servers_that_are_no_host_are_refused(string address, string vip)
    {
        var errors = ConfigFile.Errors($$"""
            lvs.virtual-services.web { address = "[{{vip}}]:80", real-servers = [ { address = "[{{address}}]:80" } ] }
            """);
        Assert.Single(errors);
    }

    [Fact]
    public void The_vip_on_another_port_and_port_0_under_a_fwmark_or_all_ports_service_stay_allowed()
    {
        ConfigFile.Valid("""
            lvs.virtual-services {
              local { address = "127.0.0.1:8080", real-servers = [ { address = "127.0.0.1:8081" } ] }
              mark { fwmark = 7, forwarding = dr, real-servers = [ { address = "198.51.100.1" } ] }
              any { address = "192.0.2.4:0", forwarding = dr, persistence-timeout = 600, real-servers = [ { address = "198.51.100.4" } ] }
            }
            """);
    }

    [Fact]
    public void The_rule_is_the_one_the_admin_api_applies()
    {
        var service = new AddressServiceKey(Protocol.Tcp, new Endpoint(IPAddress.Parse("192.0.2.1"), 80));
        Assert.NotNull(RealServerAddress.Problem(service, new Endpoint(IPAddress.Any, 80)));
        Assert.Null(RealServerAddress.Problem(service, new Endpoint(IPAddress.Parse("198.51.100.1"), 80)));
    }
}
