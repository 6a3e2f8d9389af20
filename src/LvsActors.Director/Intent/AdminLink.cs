using Akka.Actor;

namespace LvsActors.Director.Intent;

/// <summary>How a director reaches the AdminState, and how long it waits for the operator intent before starting its services.</summary>
public sealed record AdminLink(IActorRef AdminState, TimeSpan StartupWait);
