using LvsActors.Model;

namespace LvsActors.Table;

/// <summary>
/// Services a reconcile leaves exactly as the data plane holds them when the desired table lacks them. A director
/// that starts over a programmed kernel, or reloads, does not yet know what some configured services want; removing
/// them meanwhile would drop their established connections, so they are kept until they say.
/// </summary>
/// <param name="Keys">The services to keep, when present.</param>
/// <param name="Everything">Keep every service the data plane holds: add and update, never remove.</param>
public sealed record KeptServices(IReadOnlySet<VirtualServiceKey> Keys, bool Everything = false)
{
    /// <summary>Nothing kept: the data plane becomes exactly the desired table.</summary>
    public static KeptServices None { get; } = new(new HashSet<VirtualServiceKey>());

    /// <summary>Nothing removed at all.</summary>
    public static KeptServices All { get; } = new(new HashSet<VirtualServiceKey>(), Everything: true);

    public bool Contains(VirtualServiceKey key) => Everything || Keys.Contains(key);
}
