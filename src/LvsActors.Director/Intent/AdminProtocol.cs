namespace LvsActors.Director.Intent;

/// <summary>
/// Marks the admin messages that cross the wire (to the AdminState singleton, into its journal, through pub-sub);
/// <see cref="AdminSerializer"/> is bound to it so that the journal holds readable JSON with stable names.
/// </summary>
public interface IAdminMessage;

/// <summary>A command that changes operator intent. <see cref="By"/> says who asked (token id and remote address).</summary>
public interface IAdminCommand : IAdminMessage
{
    /// <summary>The virtual service the command is about.</summary>
    string VirtualService { get; }

    /// <summary>Who asked, for the audit trail: "token ops@127.0.0.1".</summary>
    string By { get; }
}

/// <summary>Put a real server at weight 0 (quiescent: kept in the table, no new connections) until it has no active
/// connections or <see cref="Timeout"/> (default lvs.admin.drain-timeout) elapses; then it leaves the table.</summary>
public sealed record DrainRealServer(string VirtualService, string RealServer, TimeSpan? Timeout, string By) : IAdminCommand;

/// <summary>Undo a drain, a maintenance and a weight override: the real server is back as configured.</summary>
public sealed record RestoreRealServer(string VirtualService, string RealServer, string By) : IAdminCommand;

/// <summary>Replace the configured (or check-set) weight of a real server while it is up.</summary>
public sealed record OverrideWeight(string VirtualService, string RealServer, int Weight, string By) : IAdminCommand;

/// <summary>Take a real server out of service: it leaves the table (weight 0 with inhibit-on-failure).</summary>
public sealed record StartRealServerMaintenance(string VirtualService, string RealServer, string By) : IAdminCommand;

/// <summary>Take a whole virtual service out: every real server as in maintenance, its sorry server (if any) serves.</summary>
public sealed record StartServiceMaintenance(string VirtualService, string By) : IAdminCommand;

/// <summary>End the maintenance of a whole virtual service.</summary>
public sealed record RestoreVirtualService(string VirtualService, string By) : IAdminCommand;

/// <summary>Add a real server at runtime; it is checked like <see cref="ChecksLike"/> (default: the service's first
/// configured real server), with the service's forwarding method.</summary>
public sealed record AddRealServer(string VirtualService, string RealServer, int Weight, string? ChecksLike, string By) : IAdminCommand;

/// <summary>Remove a real server at runtime: a configured one is left out, a runtime-added one is forgotten.</summary>
public sealed record RemoveRealServer(string VirtualService, string RealServer, string By) : IAdminCommand;

/// <summary>A drained real server has no active connections left (or its drain timed out): it leaves the table.</summary>
public sealed record CompleteDrain(string VirtualService, string RealServer, string Reason, string By) : IAdminCommand;

/// <summary>Asks for the whole operator intent; the answer is an <see cref="AdminStateChanged"/>.</summary>
public sealed record GetAdminIntent : IAdminMessage
{
    public static readonly GetAdminIntent Instance = new();
}

/// <summary>The operator intent as it now stands, at journal position <see cref="Version"/>; published after
/// recovery and after every persisted change, and the answer to <see cref="GetAdminIntent"/>.</summary>
public sealed record AdminStateChanged(AdminIntent Intent, long Version) : IAdminMessage;

/// <summary>The answer to a command.</summary>
public abstract record AdminWriteResult : IAdminMessage;

/// <summary>The change is in the journal (or there was nothing to change: <see cref="Event"/> is null).</summary>
public sealed record AdminWriteAccepted(long Version, IAdminEvent? Event) : AdminWriteResult;

/// <summary>Why a command was refused.</summary>
public enum AdminRejection
{
    /// <summary>The virtual service or real server does not exist.</summary>
    NotFound,

    /// <summary>The command contradicts the current state (adding a server that is there).</summary>
    Conflict,

    /// <summary>A value is out of range or malformed.</summary>
    Invalid,
}

/// <summary>The command was refused: <see cref="Detail"/> says what is wrong and where.</summary>
public sealed record AdminWriteRejected(AdminRejection Kind, string Detail) : AdminWriteResult;

/// <summary>The journal could not take the write (or cannot be read): nothing changed; try again later.</summary>
public sealed record AdminWriteFailed(string Reason) : AdminWriteResult;
