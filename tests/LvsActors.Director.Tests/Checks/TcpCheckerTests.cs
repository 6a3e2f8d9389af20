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
    public async Task The_probe_is_half_open_and_ends_in_a_reset_so_the_real_servers_application_has_nothing_to_serve()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        for (var i = 0; i < 5; i++)
        {
            var result = await Probe.RunAsync(Spec, Probe.Loopback(port));
            Assert.True(result.Up, result.Reason);
        }

        // The reset races the kernel's delayed ACK (40 ms at least): it wins unless the checker's thread is held up
        // that long (a loaded host), and then the application may accept a connection — one already reset, never one
        // it has to wait on or close. What is asserted is that every probe ends in a reset, whichever way the race went.
        await Task.Delay(200);
        while (listener.Pending())
        {
            using var accepted = listener.AcceptSocket();
            HalfOpenProbes.AssertReset(accepted);
        }
    }

    [Fact]
    public async Task Connect_options_override_the_destination()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var spec = Spec with { Connect = Probe.Connect(IPAddress.Loopback, port, IPAddress.Parse("127.0.0.2")) };

        // The real server's own port is closed: only the override can make this pass. (Binding the source is the
        // checkers' shared code, shown from the server's side in the HTTP checker's tests.)
        var result = await Probe.RunAsync(spec, Probe.Loopback(Probe.ClosedPort()));

        Assert.True(result.Up, result.Reason);
        Assert.Equal($"connected to 127.0.0.1:{port}", result.Reason);
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
