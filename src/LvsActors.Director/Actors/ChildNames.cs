using Akka.Actor;

namespace LvsActors.Director.Actors;

/// <summary>Child names that stay readable yet never collide with a child that is still stopping after a reload.</summary>
internal static class ChildNames
{
    public static string Free(IActorContext context, string name)
    {
        var candidate = name;
        for (var generation = 2; !context.Child(candidate).IsNobody(); generation++)
        {
            candidate = $"{name}~{generation}";
        }
        return candidate;
    }
}
