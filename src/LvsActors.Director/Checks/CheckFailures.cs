using System.Net.Sockets;
using System.Security.Authentication;
using LvsActors.Configuration;

namespace LvsActors.Director.Checks;

/// <summary>Turns what went wrong during a probe into a reason an operator can act on.</summary>
internal static class CheckFailures
{
    /// <summary>
    /// The reason for an exception thrown while probing <paramref name="target"/> during <paramref name="operation"/>
    /// ("connect", "read", …): a timeout, a cancellation, or what the socket or TLS layer said.
    /// </summary>
    public static CheckResult From(Exception exception, string operation, string target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException)
        {
            return CheckResult.Failure(cancellationToken.IsCancellationRequested
                ? $"{operation} {target} cancelled"
                : $"{operation} {target} timed out after {DurationText.Format(timeout)}");
        }
        return CheckResult.Failure(Describe(exception, operation, target));
    }

    private static string Describe(Exception exception, string operation, string target)
    {
        if (exception is AuthenticationException tls)
        {
            return $"TLS handshake with {target} failed: {Innermost(tls).Message}";
        }
        var socketError = Find<SocketException>(exception);
        if (socketError is not null)
        {
            return Describe(socketError.SocketErrorCode, operation, target, socketError.Message);
        }
        return exception switch
        {
            EndOfStreamException => $"{operation} {target}: the server closed the connection early",
            _ => $"{operation} {target} failed: {Innermost(exception).Message}",
        };
    }

    /// <summary>The reason for a socket error of <paramref name="operation"/> on <paramref name="target"/>; <paramref name="message"/> for the rarer ones.</summary>
    public static string Describe(SocketError error, string operation, string target, string? message = null) => error switch
    {
        SocketError.ConnectionRefused => $"{operation} {target} refused",
        SocketError.ConnectionReset => $"{operation} {target}: connection reset by the server",
        SocketError.TimedOut => $"{operation} {target} timed out in the kernel",
        SocketError.HostUnreachable => $"{operation} {target}: host unreachable",
        SocketError.NetworkUnreachable => $"{operation} {target}: network unreachable",
        SocketError.AddressNotAvailable => $"{operation} {target}: the bind address is not on this host",
        SocketError.AddressAlreadyInUse => $"{operation} {target}: the bind address and port are in use",
        SocketError.AccessDenied => $"{operation} {target}: permission denied",
        _ => $"{operation} {target} failed: {message ?? new SocketException((int)error).Message} ({error})",
    };

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }
        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }
        return exception;
    }
}
