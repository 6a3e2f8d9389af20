namespace LvsActors.Director.Leadership;

/// <summary>
/// The hook for leadership in metrics and drains: this node's VipHolder publishes it on the local event stream when
/// it takes or gives up the VIPs; lvs_vip_owner follows it, and the DrainMonitor judges drains only while it holds them.
/// </summary>
/// <param name="Owner">This director's address while it holds the VIPs; null once it gave them up (the holder does not know the next owner).</param>
/// <param name="OwnedHere">True when this director owns them.</param>
public sealed record VipOwnershipObserved(string? Owner, bool OwnedHere);
