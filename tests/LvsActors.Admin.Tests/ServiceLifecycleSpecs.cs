using System.Net.Sockets;
using System.Text;
using static LvsActors.Admin.Tests.TestDirector;

namespace LvsActors.Admin.Tests;

/// <summary>
/// `lvsactors run` as systemd runs it: READY=1 on the notify socket once serving, RELOADING=1 then READY=1 on
/// SIGHUP, STOPPING=1 on SIGTERM and exit 0.
/// </summary>
public sealed class ServiceLifecycleSpecs : IDisposable
{
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task Run_notifies_systemd_reloads_on_SIGHUP_and_stops_on_SIGTERM()
    {
        var socketPath = _scratch.File("notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var config = _scratch.File("director.conf");
        await File.WriteAllTextAsync(config, Text(Sqlite(_scratch.File("admin.db")), "api.bind = \"127.0.0.1:0\""));

        using var director = new RunningDirector(["run", config], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        Assert.StartsWith("READY=1\nSTATUS=directing 1 virtual services", await Receive(notify, director));
        director.Signal("HUP");
        Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", await Receive(notify, director));
        Assert.StartsWith("READY=1\nSTATUS=directing 1 virtual services (reloaded)", await Receive(notify, director));
        director.Signal("TERM");
        Assert.StartsWith("STOPPING=1", await Receive(notify, director));
        var exitCode = director.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, string.Join("\n", director.Lines));
    }

    private static async Task<string> Receive(Socket socket, RunningDirector director)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no sd_notify message within 60 s; the director logged:\n" + string.Join("\n", director.Lines));
            throw;
        }
    }

    public void Dispose() => _scratch.Dispose();
}
