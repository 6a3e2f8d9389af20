using System.Net;
using System.Net.Sockets;
using LvsActors.Director.Checks;
using LvsActors.Linux.Probes;

namespace LvsActors.Director.Tests.Checks;

/// <summary>The TCP checker's own loop on the probe engine (Linux), against real sockets on the loopback.</summary>
public sealed class TcpCheckerLoopTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly TcpProbeEngine _engine = new("tcp-probes-test");

    public void Dispose() => _engine.Dispose();

    [Fact]
    public void A_listening_port_is_up()
    {
        using var listener = Listen();
        var owner = new ProbeLoopResults();
        using var loop = Start(Port(listener), owner, TimeSpan.FromSeconds(5));

        loop.Run(TimeSpan.Zero, ProbeUntil.Next);

        var probed = owner.Next();
        Assert.True(probed.Reported);
        Assert.True(probed.Result.Up, probed.Result.Reason);
        Assert.Equal($"connected to 127.0.0.1:{Port(listener)}", probed.Result.Reason);
    }

    [Fact]
    public void A_closed_port_is_down_because_the_connection_is_refused()
    {
        var port = Probe.ClosedPort();
        var owner = new ProbeLoopResults();
        using var loop = Start(port, owner, TimeSpan.FromSeconds(5));

        loop.Run(TimeSpan.Zero, ProbeUntil.Next);

        var probed = owner.Next();
        Assert.False(probed.Result.Up);
        Assert.Equal($"connect to 127.0.0.1:{port} refused", probed.Result.Reason);
    }

    [Fact]
    public void A_server_that_never_answers_the_SYN_times_out()
    {
        // backlog 0 holds one connection, and it is never accepted; while the accept queue is full the kernel drops
        // further SYNs, so the probe hears nothing, like a filtered port, without leaving 127.0.0.0/8.
        using var listener = Listen(backlog: 0);
        using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        filler.Connect(IPAddress.Loopback, Port(listener));
        var owner = new ProbeLoopResults();
        using var loop = Start(Port(listener), owner, TimeSpan.FromMilliseconds(200));

        loop.Run(TimeSpan.Zero, ProbeUntil.Next);

        var probed = owner.Next();
        Assert.False(probed.Result.Up);
        Assert.Equal($"connect to 127.0.0.1:{Port(listener)} timed out after 200ms", probed.Result.Reason);
    }

    [Fact]
    public void Successes_repeat_silently_until_the_first_failure_which_is_reported()
    {
        var listener = Listen();
        var port = Port(listener);
        var owner = new ProbeLoopResults();
        using var loop = Start(port, owner, TimeSpan.FromSeconds(5));

        loop.Run(TimeSpan.Zero, ProbeUntil.Failure);
        for (var i = 0; i < 3; i++)
        {
            var silent = owner.Next();
            Assert.False(silent.Reported);
            Assert.True(silent.Result.Up, silent.Result.Reason);
        }
        listener.Dispose();

        var reported = owner.NextReported();
        Assert.False(reported.Result.Up);
        Assert.Equal($"connect to 127.0.0.1:{port} refused", reported.Result.Reason);
    }

    [Fact]
    public void Failures_repeat_silently_until_the_first_success_which_is_reported()
    {
        var port = Probe.ClosedPort();
        var owner = new ProbeLoopResults();
        using var loop = Start(port, owner, TimeSpan.FromSeconds(5));

        loop.Run(TimeSpan.Zero, ProbeUntil.Success);
        for (var i = 0; i < 3; i++)
        {
            var silent = owner.Next();
            Assert.False(silent.Reported);
            Assert.False(silent.Result.Up);
        }
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();

        var reported = owner.NextReported();
        Assert.True(reported.Result.Up, reported.Result.Reason);
    }

    [Fact]
    public void The_probe_is_half_open_and_never_reaches_the_application_as_a_live_connection()
    {
        using var listener = Listen();
        var owner = new ProbeLoopResults();
        using var loop = Start(Port(listener), owner, TimeSpan.FromSeconds(5));

        loop.Run(TimeSpan.Zero, ProbeUntil.Failure);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(owner.Next().Result.Up);
        }
        loop.Dispose();

        // As for the .NET path (TcpCheckerTests): a probe whose reset lost the race with the delayed ACK may be
        // accepted, but only as a connection already reset.
        listener.Blocking = false;
        while (listener.Poll(200_000, SelectMode.SelectRead))
        {
            using var accepted = listener.Accept();
            HalfOpenProbes.AssertReset(accepted);
        }
    }

    [Fact]
    public void An_IPv6_real_server_is_probed_too()
    {
        using var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        listener.Listen(16);
        var owner = new ProbeLoopResults();
        var endpoints = CheckEndpoints.For(Model.ConnectOptions.Default, new Model.Endpoint(IPAddress.IPv6Loopback, (ushort)Port(listener)));
        using var loop = new TcpChecker(endpoints, _engine).StartLoop(Interval, TimeSpan.FromSeconds(5), owner)!;

        loop.Run(TimeSpan.Zero, ProbeUntil.Next);

        var probed = owner.Next();
        Assert.True(probed.Result.Up, probed.Result.Reason);
        Assert.Equal($"connected to [::1]:{Port(listener)}", probed.Result.Reason);
    }

    [Fact]
    public void A_bind_address_that_is_not_on_this_host_is_down_with_the_reason()
    {
        // As in TcpCheckerTests: 2001:db8::1 (documentation prefix) is on no interface, so bind fails and nothing is sent.
        var connect = Probe.Connect(IPAddress.IPv6Loopback, Probe.ClosedPort(), bindAddress: IPAddress.Parse("2001:db8::1"));
        var owner = new ProbeLoopResults();
        using var loop = new TcpChecker(CheckEndpoints.For(connect, Probe.Loopback(Probe.ClosedPort())), _engine).StartLoop(Interval, TimeSpan.FromSeconds(5), owner)!;

        loop.Run(TimeSpan.Zero, ProbeUntil.Next);

        var probed = owner.Next();
        Assert.False(probed.Result.Up);
        Assert.Contains("the bind address is not on this host", probed.Result.Reason);
    }

    [Fact]
    public void Without_an_engine_there_is_no_loop_and_the_owner_times_CheckAsync_itself()
    {
        var checker = new TcpChecker(CheckEndpoints.For(Model.ConnectOptions.Default, Probe.Loopback(Probe.ClosedPort())));

        Assert.Null(checker.StartLoop(Interval, TimeSpan.FromSeconds(1), new ProbeLoopResults()));
    }

    private IProbeLoop Start(int port, ProbeLoopResults owner, TimeSpan timeout)
    {
        var checker = new TcpChecker(CheckEndpoints.For(Model.ConnectOptions.Default, Probe.Loopback(port)), _engine);
        return checker.StartLoop(Interval, timeout, owner)!;
    }

    private static Socket Listen(int backlog = 16)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(backlog);
        return socket;
    }

    private static int Port(Socket listener) => ((IPEndPoint)listener.LocalEndPoint!).Port;
}
