using System.Diagnostics;
using LvsActors.Linux.Fence;
using LvsActors.Linux.Interop;
using LvsActors.Linux.Netlink;
using LvsActors.Linux.Rtnetlink;
using LvsActors.Model;
using Serilog;

namespace LvsActors.Director.Leadership;

/// <summary>
/// The <see cref="KernelVipSink"/>'s side of the VIP fence: attaches <see cref="VipFence"/> to every interface a VIP
/// is on (on first use, again for an interface a reload brought, and again every <see cref="RetryEvery"/> after a
/// failure, which is logged once with what it leaves unprotected), writes deadlines and lifts, and takes the filter
/// away on a stop that left nothing open. One owner: the sink, called by the VipHolder alone.
/// </summary>
internal sealed class KernelVipFence(Func<RtnetlinkClient> rtnetlink, ILogger log) : IDisposable
{
    /// <summary>How long after a failed attach the next use tries again.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(10);

    private readonly HashSet<Vip> _open = [];
    private readonly HashSet<Vip> _lifted = [];
    private readonly HashSet<string> _interfaces = new(StringComparer.Ordinal);
    private VipFence? _fence;
    private long _retryAt;
    private string? _failure;

    /// <summary>Opens the fence of every VIP until <paramref name="until"/> (CLOCK_MONOTONIC), closes it at
    /// <see cref="TimeSpan.Zero"/>, or lifts it when null.</summary>
    public void Set(IReadOnlyList<Vip> vips, TimeSpan? until)
    {
        if (vips.Count == 0 || Attached(vips) is not { } fence)
        {
            return;
        }
        foreach (var vip in vips)
        {
            if (until is { } end)
            {
                // Stopwatch on Linux is CLOCK_MONOTONIC, the clock the fence's program reads.
                if (Try($"fence VIP {vip}", () => fence.OpenUntil(vip.Address, Nanoseconds(end))))
                {
                    _open.Add(vip);
                    _lifted.Remove(vip);
                }
            }
            else if ((_open.Contains(vip) || !_lifted.Contains(vip)) && Try($"lift the fence of VIP {vip}", () => fence.Lift(vip.Address)))
            {
                _open.Remove(vip);
                _lifted.Add(vip);
            }
        }
    }

    public void Dispose()
    {
        // A stop that left no VIP fenced takes the filter away; one that did leaves it, to close at the lease's end.
        if (_fence is not null && _open.Count == 0)
        {
            Try("detach the VIP fence", () => _fence.Detach(rtnetlink()));
        }
        _fence?.Dispose();
    }

    // Deadlines are in the future by a lease at most; the clamp keeps a value past the kernel's range closed, not open.
    private static ulong Nanoseconds(TimeSpan monotonic) => monotonic <= TimeSpan.Zero ? 0 : checked((ulong)monotonic.Ticks * 100);

    private VipFence? Attached(IReadOnlyList<Vip> vips)
    {
        var missing = vips.Select(v => v.Interface).Where(i => !_interfaces.Contains(i)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0 || Stopwatch.GetTimestamp() < _retryAt)
        {
            return _fence;
        }
        try
        {
            if (_fence is null)
            {
                _fence = VipFence.Attach(rtnetlink(), missing);
            }
            else
            {
                _fence.AttachTo(rtnetlink(), missing);
            }
            _interfaces.UnionWith(missing);
            log.Information("VIP fence attached to the ingress of {Interfaces}{Before}: a holder that stops renewing its lease stops answering for {Vips} when the lease ends",
                string.Join(", ", missing), _failure is null ? "" : $" (it had failed: {_failure})", string.Join(", ", vips));
            _failure = null;
        }
        catch (Exception e) when (e is BpfException or NetlinkException)
        {
            _retryAt = Stopwatch.GetTimestamp() + (long)(RetryEvery.TotalSeconds * Stopwatch.Frequency);
            if (_failure != e.Message)
            {
                log.Error("The VIP fence could not be attached to {Interfaces} ({Reason}; trying again every {Retry}): a frozen or dead owner keeps answering for {Vips} until their lifetime runs out, while another director may own them",
                    string.Join(", ", missing), e.Message, RetryEvery, string.Join(", ", vips));
            }
            _failure = e.Message;
        }
        return _fence;
    }

    private bool Try(string operation, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e) when (e is NetlinkException or BpfException)
        {
            log.Error("{Operation} failed: {Reason}", operation, e.Message);
            return false;
        }
    }
}
