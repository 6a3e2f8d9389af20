using System.Net.Sockets;

namespace LvsActors.Director.Tests.Checks;

/// <summary>What the TCP checkers' specs (the .NET path and the probe engine) ask of a connection a probe left behind.</summary>
internal static class HalfOpenProbes
{
    /// <summary>
    /// A half-open probe's reset can lose the race with the kernel's delayed ACK, and the application then accepts the
    /// connection: it must already be reset, never one the application has to wait on or close.
    /// </summary>
    public static void AssertReset(Socket accepted)
    {
        accepted.ReceiveTimeout = 2000;
        var read = Record.Exception(() => accepted.Receive(new byte[1]));
        Assert.True(read is SocketException { SocketErrorCode: SocketError.ConnectionReset },
            $"a probe reached the application and ended with {(read is null ? "a clean close or data" : read.Message)}, not a reset");
    }
}
