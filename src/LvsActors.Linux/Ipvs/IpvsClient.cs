using LvsActors.Linux.Netlink;
using static LvsActors.Linux.Ipvs.IpvsConstants;
using static LvsActors.Linux.Netlink.NetlinkConstants;

namespace LvsActors.Linux.Ipvs;

/// <summary>
/// Programs IPVS in the network namespace the process runs in, over generic netlink. One client owns one socket and
/// is not thread-safe: give it to one owner (the data plane actor). Changes can go one at a time (AddService, …),
/// which throw <see cref="IpvsException"/>, or in bulk through <see cref="Execute"/>, which sends up to
/// <see cref="NetlinkChannel.MaxMessagesPerSend"/> requests per datagram and reports each outcome.
/// </summary>
public sealed class IpvsClient : IDisposable
{
    /// <summary>How long a receive waits for the kernel when no timeout is given.</summary>
    public static readonly TimeSpan DefaultReceiveTimeout = TimeSpan.FromSeconds(5);

    // Headroom under MaxBytesPerSend for the largest single IPVS request (a destination command is under 200 bytes).
    private const int LargestRequest = 512;

    private readonly NetlinkChannel _channel;
    private readonly NetlinkMessageWriter _writer = new(NetlinkChannel.MaxBytesPerSend);

    internal IpvsClient(NetlinkChannel channel, ushort familyId)
    {
        _channel = channel;
        FamilyId = familyId;
    }

    /// <summary>The generic netlink family id the kernel assigned to IPVS.</summary>
    public ushort FamilyId { get; }

    /// <summary>
    /// Opens a generic netlink socket and resolves the IPVS family. Resolution needs no privilege; the commands need
    /// CAP_NET_ADMIN. Throws <see cref="IpvsUnavailableException"/> when the kernel has no IPVS.
    /// </summary>
    public static IpvsClient Open(TimeSpan? receiveTimeout = null)
    {
        var channel = new NetlinkChannel(NetlinkSocket.Open(NETLINK_GENERIC, receiveTimeout ?? DefaultReceiveTimeout));
        try
        {
            return Connect(channel);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    internal static IpvsClient Connect(NetlinkChannel channel)
    {
        using var writer = new NetlinkMessageWriter(256);
        ushort familyId = GenericNetlink.ResolveFamily(channel, writer, IPVS_GENL_NAME)
            ?? throw new IpvsUnavailableException();
        return new IpvsClient(channel, familyId);
    }

    /// <summary>Adds a virtual service (ipvsadm -A).</summary>
    public void AddService(IpvsService service) => Run(new IpvsOperation.AddService(service));

    /// <summary>Changes a service's scheduler, flags or persistence (ipvsadm -E).</summary>
    public void UpdateService(IpvsService service) => Run(new IpvsOperation.UpdateService(service));

    /// <summary>Deletes a service with its destinations (ipvsadm -D).</summary>
    public void DeleteService(IpvsServiceKey key) => Run(new IpvsOperation.DeleteService(key));

    /// <summary>Adds a destination to a service (ipvsadm -a).</summary>
    public void AddDestination(IpvsServiceKey service, IpvsDestination destination) =>
        Run(new IpvsOperation.AddDestination(service, destination));

    /// <summary>Changes a destination's settings (ipvsadm -e).</summary>
    public void UpdateDestination(IpvsServiceKey service, IpvsDestination destination) =>
        Run(new IpvsOperation.UpdateDestination(service, destination));

    /// <summary>Removes a destination from a service (ipvsadm -d).</summary>
    public void DeleteDestination(IpvsServiceKey service, IpvsDestination destination) =>
        Run(new IpvsOperation.DeleteDestination(service, destination));

    /// <summary>Starts a connection-sync daemon (ipvsadm --start-daemon).</summary>
    public void StartDaemon(IpvsDaemon daemon) => Run(new IpvsOperation.StartDaemon(daemon));

    /// <summary>Stops a connection-sync daemon (ipvsadm --stop-daemon).</summary>
    public void StopDaemon(IpvsDaemonState state) => Run(new IpvsOperation.StopDaemon(state));

    /// <summary>Sets connection timeouts in seconds; 0 leaves a value unchanged (ipvsadm --set).</summary>
    public void SetTimeouts(IpvsTimeouts timeouts) => Run(new IpvsOperation.SetTimeouts(timeouts));

    /// <summary>Zeroes the counters of one service, or of all when <paramref name="key"/> is null (ipvsadm -Z).</summary>
    public void Zero(IpvsServiceKey? key = null) => Run(new IpvsOperation.Zero(key));

    /// <summary>Deletes every service and destination (ipvsadm -C).</summary>
    public void Flush() => Run(IpvsOperation.Flush.Instance);

    /// <summary>
    /// Applies many operations in order, many per datagram, and returns one result per operation (in the same order).
    /// A failed operation does not stop the ones after it: the kernel processes every message of a datagram. Only the
    /// last request of each datagram asks for an ack; the others are answered only when they fail.
    /// An operation that cannot be encoded (a scheduler name over 15 characters, …) throws ArgumentException before
    /// its datagram is sent; datagrams sent before it stay applied.
    /// </summary>
    public IReadOnlyList<IpvsOperationResult> Execute(IReadOnlyList<IpvsOperation> operations)
    {
        var results = new IpvsOperationResult[operations.Count];
        int next = 0;
        while (next < operations.Count)
        {
            _writer.Clear();
            int first = next;
            uint firstSequence = 0;
            int previousStart = 0;
            while (next < operations.Count
                && next - first < NetlinkChannel.MaxMessagesPerSend
                && _writer.Length <= NetlinkChannel.MaxBytesPerSend - LargestRequest)
            {
                uint sequence = _channel.ReserveSequences(1);
                if (next == first)
                {
                    firstSequence = sequence;
                }
                else if (sequence != firstSequence + (uint)(next - first))
                {
                    break; // Sequence numbers wrapped: finish this datagram, start the rest afresh.
                }

                if (next > first)
                {
                    // Only the last request of a datagram asks for an ack: the kernel still reports every failure,
                    // in order, and each ack would cost a recv of its own (one skb each): 11,000 for 11,000 writes.
                    _writer.RemoveFlags(previousStart, NLM_F_ACK);
                }

                previousStart = _writer.Length;
                operations[next].Write(_writer, sequence, FamilyId);
                next++;
            }

            NetlinkAck[] acks = _channel.Execute(_writer.WrittenSpan, firstSequence, next - first);
            for (int i = 0; i < acks.Length; i++)
            {
                IpvsOperation operation = operations[first + i];
                results[first + i] = new IpvsOperationResult(
                    operation, acks[i].IsSuccess ? null : IpvsException.From(operation, acks[i]));
            }
        }

        return results;
    }

    /// <summary>Reads every service with its counters (ipvsadm -L -n --stats).</summary>
    public IReadOnlyList<IpvsServiceEntry> GetServices()
    {
        var services = new List<IpvsServiceEntry>();
        Query("GetServices", string.Empty, (w, s) => IpvsMessages.DumpServices(w, s, FamilyId),
            m => services.Add(IpvsReplies.ParseService(m)));
        return services;
    }

    /// <summary>Reads one service; null when it does not exist.</summary>
    public IpvsServiceEntry? GetService(IpvsServiceKey key)
    {
        IpvsServiceEntry? entry = null;
        NetlinkAck ack = Query((w, s) => IpvsMessages.GetService(w, s, FamilyId, key),
            m => entry = IpvsReplies.ParseService(m));
        return ack.Errno switch
        {
            0 => entry,
            ESRCH => null,
            _ => throw IpvsException.From("GetService", key.ToString(), ack),
        };
    }

    /// <summary>Reads the destinations of a service with their connection counts and counters. A service that does
    /// not exist has no destinations: the kernel answers an empty dump.</summary>
    public IReadOnlyList<IpvsDestinationEntry> GetDestinations(IpvsServiceKey key)
    {
        var destinations = new List<IpvsDestinationEntry>();
        Query("GetDestinations", key.ToString(), (w, s) => IpvsMessages.DumpDests(w, s, FamilyId, key),
            m => destinations.Add(IpvsReplies.ParseDestination(m, key.Family)));
        return destinations;
    }

    /// <summary>Reads the running sync daemons (none, master, backup, or both).</summary>
    public IReadOnlyList<IpvsDaemon> GetDaemons()
    {
        var daemons = new List<IpvsDaemon>();
        Query("GetDaemons", string.Empty, (w, s) => IpvsMessages.DumpDaemons(w, s, FamilyId),
            m => daemons.Add(IpvsReplies.ParseDaemon(m)));
        return daemons;
    }

    /// <summary>Reads the connection timeouts (ipvsadm -L --timeout).</summary>
    public IpvsTimeouts GetTimeouts()
    {
        IpvsTimeouts? timeouts = null;
        Query("GetTimeouts", string.Empty, (w, s) => IpvsMessages.GetConfig(w, s, FamilyId),
            m => timeouts = IpvsReplies.ParseTimeouts(m));
        return timeouts ?? throw NetlinkReader.Malformed("IPVS GET_CONFIG acknowledged without a reply");
    }

    /// <summary>Reads IPVS's version and connection table size.</summary>
    public IpvsInfo GetInfo()
    {
        IpvsInfo? info = null;
        Query("GetInfo", string.Empty, (w, s) => IpvsMessages.GetInfo(w, s, FamilyId), m => info = IpvsReplies.ParseInfo(m));
        return info ?? throw NetlinkReader.Malformed("IPVS GET_INFO acknowledged without a reply");
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose()
    {
        _channel.Dispose();
        _writer.Dispose();
    }

    private void Run(IpvsOperation operation)
    {
        IpvsOperationResult result = Execute([operation])[0];
        if (result.Error is not null)
        {
            throw result.Error;
        }
    }

    private void Query(string operation, string subject, Action<NetlinkMessageWriter, uint> write, NetlinkReplyHandler onReply)
    {
        NetlinkAck ack = Query(write, onReply);
        if (!ack.IsSuccess)
        {
            throw IpvsException.From(operation, subject, ack);
        }
    }

    private NetlinkAck Query(Action<NetlinkMessageWriter, uint> write, NetlinkReplyHandler onReply)
    {
        uint sequence = _channel.ReserveSequences(1);
        _writer.Clear();
        write(_writer, sequence);
        return _channel.Request(_writer.WrittenSpan, sequence, onReply);
    }
}
