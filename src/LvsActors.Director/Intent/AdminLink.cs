using Akka.Actor;

namespace LvsActors.Director.Intent;

/// <summary>
/// How a director reaches the AdminState, and how long it waits for the operator intent before starting its services.
/// With <paramref name="Replicated"/> intent the wait has no end: the intent is this member's own copy on its disk,
/// which is always read (LocalIntentPreload), so the services never start without it; the wait is then only how
/// often a slow read is logged.
/// </summary>
public sealed record AdminLink(IActorRef AdminState, TimeSpan StartupWait, bool Replicated = false);
