using Akka.Actor;
using LvsActors.Director.Actors;

namespace LvsActors.Cli.Demo;

/// <summary>Tells the demo's user, in words, what the director just did.</summary>
internal sealed class DemoObserver : ReceiveActor
{
    public DemoObserver(Func<ushort, string> nameOf, Action<string> say)
    {
        Receive<RealServerStateChanged>(e => say(e.Up
            ? $"  {nameOf(e.RealServer.Port)} ({e.RealServer}) passed its check: back in the table"
            : $"  {nameOf(e.RealServer.Port)} ({e.RealServer}) failed its check ({e.Reason}): out of the table"));
        Receive<TableApplied>(e => say($"  table: {string.Join("; ", e.Changes)}"));
    }

    public static Props Props(Func<ushort, string> nameOf, Action<string> say) =>
        Akka.Actor.Props.Create(() => new DemoObserver(nameOf, say));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RealServerStateChanged));
        Context.System.EventStream.Subscribe(Self, typeof(TableApplied));
    }
}
