namespace LvsActors.Cli;

/// <summary>What <c>lvsactors</c> exits with.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A runtime failure (the kernel refused, a peer is unreachable).</summary>
    public const int Failed = 1;

    /// <summary>Invalid input: a configuration or command line that cannot be used.</summary>
    public const int Invalid = 2;

    /// <summary>Done, but not completely: an import lost something keepalived would do (a loss, listed on stderr; notes do not count).</summary>
    public const int Reported = 3;
}
