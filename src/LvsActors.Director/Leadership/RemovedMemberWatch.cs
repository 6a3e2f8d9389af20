using Akka.Actor;
using Akka.Event;
using Akka.Remote;

namespace LvsActors.Director.Leadership;

/// <summary>
/// One per node, at /user/removed-member-watch: notices that the others removed this member while it could not hear
/// them, and stops the actor system so that the director rejoins as a new incarnation (DirectorProcess).
/// A member cut off (or frozen) downs nobody and waits; meanwhile the majority downs and removes it and quarantines
/// its incarnation. When it can reach them again nothing tells the cluster extension so: the others only refuse its
/// association, which remoting reports here as <see cref="ThisActorSystemQuarantinedEvent"/>. Akka.NET's cluster
/// marks others terminated on quarantine but does not stop itself, and a member stuck like that never met the others
/// again in the kernel lab.
/// </summary>
public sealed class RemovedMemberWatch : ReceiveActor
{
    /// <summary>The actor's name under /user.</summary>
    public const string Name = "removed-member-watch";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _stopping;

    public RemovedMemberWatch()
    {
        Receive<ThisActorSystemQuarantinedEvent>(quarantined =>
        {
            if (_stopping)
            {
                return;
            }
            _stopping = true;
            _log.Warning("{Peer} removed this member from the cluster (it quarantined {Self}); stopping this incarnation to rejoin as a new one",
                quarantined.RemoteAddress, quarantined.LocalAddress);
            CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterDowningReason.Instance);
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new RemovedMemberWatch());

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ThisActorSystemQuarantinedEvent));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
