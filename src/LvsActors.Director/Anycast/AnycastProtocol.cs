namespace LvsActors.Director.Anycast;

/// <summary>
/// Drains this director (active-active): it withdraws every VIP from the routers and announces none until undrained,
/// while its table and checks go on, so the flows the routers move to the other directors keep their real servers.
/// Answered with the <see cref="DirectorDrainState"/> after the change. Not persisted: a restarted director announces.
/// </summary>
public sealed record DrainDirector(bool Drained);

/// <summary>Whether this director is drained, and the VIPs it announces now.</summary>
public sealed record DirectorDrainState(bool Drained, IReadOnlyList<string> Announced);

/// <summary>Asks the AnycastHolder for its <see cref="DirectorDrainState"/>.</summary>
public sealed record GetDirectorDrain
{
    public static readonly GetDirectorDrain Instance = new();
}
