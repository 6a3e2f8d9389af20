using LvsActors.Linux.Netlink;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Ipvs;

/// <summary>
/// One IPVS change, as a value: <see cref="IpvsClient.Execute"/> sends many of them in few datagrams and reports each
/// one's outcome. Each knows how to word the kernel's errno for itself ("destination exists", "no such service").
/// </summary>
public abstract record IpvsOperation
{
    private protected IpvsOperation()
    {
    }

    /// <summary>The operation's name in error messages, e.g. "AddService".</summary>
    public abstract string Name { get; }

    /// <summary>What it acts on in error messages, e.g. "198.51.100.11:80 to 192.0.2.1:80/TCP"; empty for global ones.</summary>
    public abstract string Subject { get; }

    internal abstract void Write(NetlinkMessageWriter writer, uint sequence, ushort familyId);

    /// <summary>The operation-specific meaning of an errno, or null for the generic one.</summary>
    internal virtual string? Explain(int errno) => null;

    /// <summary>Adds a virtual service (IPVS_CMD_NEW_SERVICE; ipvsadm -A).</summary>
    /// <param name="Service">The service to add.</param>
    public sealed record AddService(IpvsService Service) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "AddService";

        /// <inheritdoc/>
        public override string Subject => Service.Key.ToString();

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.NewService(w, seq, family, Service);

        internal override string? Explain(int errno) => errno switch
        {
            EEXIST => "service exists",
            ENOENT => MissingModule(Service),
            _ => null,
        };
    }

    /// <summary>Changes a service's scheduler, flags or persistence (IPVS_CMD_SET_SERVICE; ipvsadm -E).</summary>
    /// <param name="Service">The service's new settings; its key selects it.</param>
    public sealed record UpdateService(IpvsService Service) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "UpdateService";

        /// <inheritdoc/>
        public override string Subject => Service.Key.ToString();

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.SetService(w, seq, family, Service);

        internal override string? Explain(int errno) => errno == ENOENT ? MissingModule(Service) : null;
    }

    /// <summary>Deletes a service and its destinations (IPVS_CMD_DEL_SERVICE; ipvsadm -D).</summary>
    /// <param name="Key">The service to delete.</param>
    public sealed record DeleteService(IpvsServiceKey Key) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "DeleteService";

        /// <inheritdoc/>
        public override string Subject => Key.ToString();

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.DelService(w, seq, family, Key);
    }

    /// <summary>Adds a destination to a service (IPVS_CMD_NEW_DEST; ipvsadm -a).</summary>
    /// <param name="Service">The service.</param>
    /// <param name="Destination">The destination to add.</param>
    public sealed record AddDestination(IpvsServiceKey Service, IpvsDestination Destination) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "AddDestination";

        /// <inheritdoc/>
        public override string Subject => $"{Destination} to {Service}";

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.NewDest(w, seq, family, Service, Destination);

        internal override string? Explain(int errno) => errno == EEXIST ? "destination exists" : null;
    }

    /// <summary>Changes a destination's weight, thresholds, forwarding or tunnel (IPVS_CMD_SET_DEST; ipvsadm -e).</summary>
    /// <param name="Service">The service.</param>
    /// <param name="Destination">The destination's new settings; address and port select it.</param>
    public sealed record UpdateDestination(IpvsServiceKey Service, IpvsDestination Destination) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "UpdateDestination";

        /// <inheritdoc/>
        public override string Subject => $"{Destination} of {Service}";

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.SetDest(w, seq, family, Service, Destination);

        internal override string? Explain(int errno) => errno == ENOENT ? "no such destination" : null;
    }

    /// <summary>Removes a destination from a service (IPVS_CMD_DEL_DEST; ipvsadm -d).</summary>
    /// <param name="Service">The service.</param>
    /// <param name="Destination">The destination; address and port select it.</param>
    public sealed record DeleteDestination(IpvsServiceKey Service, IpvsDestination Destination) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "DeleteDestination";

        /// <inheritdoc/>
        public override string Subject => $"{Destination} from {Service}";

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.DelDest(w, seq, family, Service, Destination);

        internal override string? Explain(int errno) => errno == ENOENT ? "no such destination" : null;
    }

    /// <summary>Starts a connection-sync daemon (IPVS_CMD_NEW_DAEMON; ipvsadm --start-daemon).</summary>
    /// <param name="Daemon">The daemon to start.</param>
    public sealed record StartDaemon(IpvsDaemon Daemon) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "StartDaemon";

        /// <inheritdoc/>
        public override string Subject => $"{Daemon.State.ToString().ToLowerInvariant()} on {Daemon.Interface} sync id {Daemon.SyncId}";

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.NewDaemon(w, seq, family, Daemon);

        internal override string? Explain(int errno) => errno switch
        {
            EEXIST => "a sync daemon in this state is already running",
            ENODEV => $"no such interface {Daemon.Interface}",
            // ip_vs_genl_new_daemon: the sync protocol cannot carry a destination of the other address family.
            EINVAL => "invalid argument (a real server of the other address family than its service exists, which "
                + "connection sync cannot carry; or a multicast group that is not multicast)",
            _ => null,
        };
    }

    /// <summary>Stops a connection-sync daemon (IPVS_CMD_DEL_DAEMON; ipvsadm --stop-daemon).</summary>
    /// <param name="State">Which daemon.</param>
    public sealed record StopDaemon(IpvsDaemonState State) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "StopDaemon";

        /// <inheritdoc/>
        public override string Subject => State.ToString().ToLowerInvariant();

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.DelDaemon(w, seq, family, State);

        internal override string? Explain(int errno) => errno == ESRCH ? "no sync daemon in this state is running" : null;
    }

    /// <summary>Sets connection timeouts (IPVS_CMD_SET_CONFIG; ipvsadm --set); 0 leaves a value unchanged.</summary>
    /// <param name="Timeouts">The timeouts in seconds.</param>
    public sealed record SetTimeouts(IpvsTimeouts Timeouts) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "SetTimeouts";

        /// <inheritdoc/>
        public override string Subject => $"tcp {Timeouts.Tcp} tcpfin {Timeouts.TcpFin} udp {Timeouts.Udp}";

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.SetConfig(w, seq, family, Timeouts);
    }

    /// <summary>Zeroes counters of one service, or of all when <paramref name="Key"/> is null (IPVS_CMD_ZERO; ipvsadm -Z).</summary>
    /// <param name="Key">The service, or null for all.</param>
    public sealed record Zero(IpvsServiceKey? Key) : IpvsOperation
    {
        /// <inheritdoc/>
        public override string Name => "Zero";

        /// <inheritdoc/>
        public override string Subject => Key?.ToString() ?? "all services";

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.Zero(w, seq, family, Key);
    }

    /// <summary>Deletes every service and destination (IPVS_CMD_FLUSH; ipvsadm -C).</summary>
    public sealed record Flush : IpvsOperation
    {
        /// <summary>The one instance: a flush carries no data.</summary>
        public static Flush Instance { get; } = new();

        private Flush()
        {
        }

        /// <inheritdoc/>
        public override string Name => "Flush";

        /// <inheritdoc/>
        public override string Subject => string.Empty;

        internal override void Write(NetlinkMessageWriter w, uint seq, ushort family) => IpvsMessages.Flush(w, seq, family);
    }

    private static string MissingModule(IpvsService service) => service.PersistenceEngine is { Length: > 0 } pe
        ? $"scheduler module ip_vs_{service.Scheduler} or persistence engine module ip_vs_pe_{pe} not found"
        : $"scheduler module ip_vs_{service.Scheduler} not found";
}
