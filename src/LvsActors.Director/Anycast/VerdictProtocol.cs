using LvsActors.Model;

namespace LvsActors.Director.Anycast;

/// <summary>A virtual service's verdicts on this director: the real servers its own checks see down (event stream, or an answer).</summary>
public sealed record LocalVerdicts(string VirtualService, IReadOnlyList<Endpoint> Down);

/// <summary>Asks a VirtualServiceActor for its <see cref="LocalVerdicts"/>.</summary>
public sealed record GetLocalVerdicts
{
    public static readonly GetLocalVerdicts Instance = new();
}

/// <summary>
/// The cluster's verdict on a service's real servers, published on the event stream by the <see cref="VerdictExchange"/>
/// (active-active): those a majority of the directors see down. A VirtualServiceActor that has heard one builds its
/// table from it rather than from its own checks alone, so every director's table is the same.
/// </summary>
public sealed record AgreedVerdicts(string VirtualService, IReadOnlyList<Endpoint> Down);

/// <summary>Marks the verdict messages that cross the wire; reference.conf binds them to the JSON serializer.</summary>
public interface IVerdictMessage;

/// <summary>One director's verdicts to its peers' exchanges: "SERVICE|ENDPOINT" for every real server it sees down.</summary>
public sealed record DirectorVerdicts(string[] Down) : IVerdictMessage;
