using System.Net;
using System.Net.Sockets;
using LvsActors.Director;
using LvsActors.Director.Admin.Api;
using LvsActors.Director.DataPlanes;
using LvsActors.Table;

namespace LvsActors.Cli.Demo;

/// <summary>The demo's admin API, so that its first run shows the status page.</summary>
internal static class DemoAdminApi
{
    /// <summary>The port asked for when it is free on 127.0.0.1, else 0 (a free one): a second demo still shows its page.</summary>
    public static ushort PortOrAnother(ushort port)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return port;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    /// <summary>Starts it; null, with a line that says why, when it cannot listen: the demo runs on without it.</summary>
    public static async Task<AdminApi?> StartAsync(DirectorHost host, IDataPlane dataPlane, Serilog.ILogger log, TextWriter output)
    {
        try
        {
            return await AdminApi.StartAsync(new Director.Admin.Api.AdminApiOptions(host, dataPlane.Name, dataPlane as IDataPlaneStats, null, log));
        }
        catch (IOException e)
        {
            output.WriteLine($"The status page cannot start: {e.Message}");
            return null;
        }
    }
}
