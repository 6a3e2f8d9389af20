using LvsActors.Model;

namespace LvsActors.Director.Actors;

/// <summary>A checker's verdict changed (down → up, up → down) or, while up, the weight it sets changed.</summary>
/// <param name="Check">The check's index in its real server's list.</param>
/// <param name="Weight">The weight a dynamic check (misc dynamic, file) sets, or null.</param>
public sealed record CheckStateChanged(int Check, bool Up, string Reason, int? Weight);

/// <summary>Published on the event stream after every probe, for the check latency histograms.</summary>
public sealed record CheckProbed(string VirtualService, Endpoint RealServer, int Check, string Kind, bool Up, TimeSpan Duration);

/// <summary>A real server's overall state changed: all of its checks up or not, and its effective weight.</summary>
public sealed record RealServerStateChanged(string VirtualService, Endpoint RealServer, bool Up, int Weight, string Reason);

/// <summary>A virtual service crossed its quorum (keepalived's quorum_up / quorum_down).</summary>
public sealed record QuorumChanged(string VirtualService, bool Up, int LiveWeight);

/// <summary>Replaces a real server's configuration on reload; checks whose specification did not change keep their state.</summary>
public sealed record UpdateRealServer(RealServer RealServer);

/// <summary>Replaces a virtual service's configuration on reload.</summary>
public sealed record UpdateVirtualService(VirtualService VirtualService);
