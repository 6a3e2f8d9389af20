using System.Text.Json.Serialization;

namespace LvsActors.Director.Intent;

/// <summary>A persisted change of operator intent: what happened, to which service, who asked and when.</summary>
[JsonDerivedType(typeof(RealServerDrained), "RealServerDrained")]
[JsonDerivedType(typeof(DrainCompleted), "DrainCompleted")]
[JsonDerivedType(typeof(RealServerRestored), "RealServerRestored")]
[JsonDerivedType(typeof(WeightOverridden), "WeightOverridden")]
[JsonDerivedType(typeof(RealServerMaintenanceStarted), "RealServerMaintenanceStarted")]
[JsonDerivedType(typeof(ServiceMaintenanceStarted), "ServiceMaintenanceStarted")]
[JsonDerivedType(typeof(ServiceMaintenanceEnded), "ServiceMaintenanceEnded")]
[JsonDerivedType(typeof(RealServerAdded), "RealServerAdded")]
[JsonDerivedType(typeof(RealServerRemoved), "RealServerRemoved")]
public interface IAdminEvent : IAdminMessage
{
    string VirtualService { get; }

    string By { get; }

    DateTimeOffset At { get; }
}

/// <summary>A real server went to weight 0 until <see cref="Deadline"/> or its last active connection.</summary>
public sealed record RealServerDrained(string VirtualService, string RealServer, DateTimeOffset Deadline, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A drain finished; the real server is out of the table until restored.</summary>
public sealed record DrainCompleted(string VirtualService, string RealServer, string Reason, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A real server's drain, maintenance and weight override were cleared.</summary>
public sealed record RealServerRestored(string VirtualService, string RealServer, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A real server's weight is replaced by <see cref="Weight"/>.</summary>
public sealed record WeightOverridden(string VirtualService, string RealServer, int Weight, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A real server went into maintenance.</summary>
public sealed record RealServerMaintenanceStarted(string VirtualService, string RealServer, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A whole virtual service went into maintenance.</summary>
public sealed record ServiceMaintenanceStarted(string VirtualService, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A virtual service's maintenance ended.</summary>
public sealed record ServiceMaintenanceEnded(string VirtualService, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A real server was added at runtime, checked like <see cref="ChecksLike"/> (null: no checks, always up).</summary>
public sealed record RealServerAdded(string VirtualService, string RealServer, int Weight, string? ChecksLike, string By, DateTimeOffset At) : IAdminEvent;

/// <summary>A real server was removed at runtime.</summary>
public sealed record RealServerRemoved(string VirtualService, string RealServer, string By, DateTimeOffset At) : IAdminEvent;
