using LvsActors.Director.Checks;
using LvsActors.Director.Notify;
using LvsActors.Model;

namespace LvsActors.Director.Actors;

/// <summary>What the actors need from outside: how to build a checker, how to run notify programs.</summary>
public sealed record DirectorServices(Func<HealthCheckSpec, RealServer, IHealthChecker> CreateChecker, INotifier Notifier);
