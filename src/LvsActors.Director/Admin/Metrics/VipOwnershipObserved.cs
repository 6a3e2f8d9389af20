namespace LvsActors.Director.Admin.Metrics;

/// <summary>
/// The hook for leadership in metrics: whoever decides VIP ownership (the VipOwner singleton) publishes this on the
/// event stream when ownership changes; lvs_vip_owner follows it.
/// </summary>
/// <param name="Owner">The address of the director that owns the VIPs, or null when none does.</param>
/// <param name="OwnedHere">True when this director owns them.</param>
public sealed record VipOwnershipObserved(string? Owner, bool OwnedHere);
