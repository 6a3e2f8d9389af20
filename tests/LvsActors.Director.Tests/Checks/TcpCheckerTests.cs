using System.Net;
using System.Net.Sockets;
using LvsActors.Director.Checks;
using LvsActors.Model;

namespace LvsActors.Director.Tests.Checks;

public sealed class TcpCheckerTests
{
    private static readonly TcpCheckSpec Spec = new(CheckTiming.Default, ConnectOptions.Default);

    [Fact]
    public async Task A_listening_port_is_up()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await Probe.RunAsync(Spec, Probe.Loopback(port));

        Assert.True(result.Up, result.Reason);
        Assert.Equal($"connected to 127.0.0.1:{port}", result.Reason);
        Assert.Null(result.Weight);
    }

    [Fact]
    public async Task A_closed_port_is_down_because_the_connection_is_refused()
    {
        var port = Probe.ClosedPort();

        var result = await Probe.RunAsync(Spec, Probe.Loopback(port));

        Assert.False(result.Up);
        Assert.Equal($"connect to 127.0.0.1:{port} refused", result.Reason);
    }

    [Fact]
    public async Task Connect_options_override_the_destination_and_bind_the_source()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var source = IPAddress.Parse("127.0.0.2");
        var spec = Spec with { Connect = Probe.Connect(IPAddress.Loopback, port, source) };

        // The real server's own port is closed: only the override can make this pass.
        var result = await Probe.RunAsync(spec, Probe.Loopback(Probe.ClosedPort()));
        using var accepted = await listener.AcceptSocketAsync();

        Assert.True(result.Up, result.Reason);
        Assert.Equal(source, ((IPEndPoint)accepted.RemoteEndPoint!).Address);
    }

    [Fact]
    public async Task A_bind_port_is_the_source_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sourcePort = Probe.ClosedPort();
        var spec = Spec with { Connect = Probe.Connect(bindAddress: IPAddress.Parse("127.0.0.3"), bindPort: sourcePort) };

        var result = await Probe.RunAsync(spec, Probe.Loopback(((IPEndPoint)listener.LocalEndpoint).Port));
        using var accepted = await listener.AcceptSocketAsync();

        Assert.True(result.Up, result.Reason);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.3"), sourcePort), accepted.RemoteEndPoint);
    }

    [Fact]
    public async Task A_bind_address_that_is_not_on_this_host_is_down_with_the_reason()
    {
        // ::1 is the only IPv6 address on the loopback; 2001:db8::1 (documentation prefix) is on no interface,
        // so binding fails locally and no packet is sent anywhere.
        var spec = Spec with { Connect = Probe.Connect(IPAddress.IPv6Loopback, bindAddress: IPAddress.Parse("2001:db8::1")) };

        var result = await Probe.RunAsync(spec, Probe.Loopback(Probe.ClosedPort()));

        Assert.False(result.Up);
        Assert.Contains("the bind address is not on this host", result.Reason);
    }

    [Fact]
    public async Task A_cancelled_probe_says_so_instead_of_throwing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var checker = HealthCheckers.Create(Spec, Probe.Loopback(((IPEndPoint)listener.LocalEndpoint).Port));

        var result = await checker.CheckAsync(Probe.Timeout, new CancellationToken(canceled: true));

        Assert.False(result.Up);
        Assert.EndsWith("cancelled", result.Reason);
    }
}
