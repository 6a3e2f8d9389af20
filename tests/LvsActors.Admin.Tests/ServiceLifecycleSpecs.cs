using System.Diagnostics;
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

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lvsactors.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(config);
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        using var director = Process.Start(start)!;
        var stderr = director.StandardError.ReadToEndAsync();
        try
        {
            Assert.StartsWith("READY=1\nSTATUS=directing 1 virtual services", await Receive(notify, stderr));
            Signal("HUP", director.Id);
            Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", await Receive(notify, stderr));
            Assert.StartsWith("READY=1\nSTATUS=directing 1 virtual services (reloaded)", await Receive(notify, stderr));
            Signal("TERM", director.Id);
            Assert.StartsWith("STOPPING=1", await Receive(notify, stderr));
            Assert.True(director.WaitForExit(TimeSpan.FromSeconds(30)), "the director did not exit after SIGTERM");
            Assert.True(director.ExitCode == 0, await stderr);
        }
        finally
        {
            if (!director.HasExited)
            {
                director.Kill();
            }
        }
    }

    private static async Task<string> Receive(Socket socket, Task<string> stderr)
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
            Assert.Fail("no sd_notify message within 60 s; director stderr: " + (stderr.IsCompleted ? stderr.Result : "(still running)"));
            throw;
        }
    }

    private static void Signal(string signal, int pid) => Process.Start("kill", $"-{signal} {pid}")!.WaitForExit();

    public void Dispose() => _scratch.Dispose();
}
