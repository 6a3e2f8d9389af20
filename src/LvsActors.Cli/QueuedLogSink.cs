using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Parsing;

namespace LvsActors.Cli;

/// <summary>
/// The director's log, off its own threads: events go on a bounded queue that one thread writes to the real sink
/// (stderr: a terminal, journald's pipe, a file). A director must never wait for its log. With stderr stalled (a pipe
/// nobody reads, journald busy, a hung network or lab file system) every thread that logs through Serilog directly —
/// the admin API's writes, the VIP sink and fence, the userspace proxy, notify scripts, the lag watch — waited for
/// the write: an operator's weight change got no answer for as long as the pipe stayed full. Actors log through
/// Akka's logger actor, which waited in their place while its mailbox grew without bound. When the queue is full an
/// event is dropped and counted, and a warning with the count goes on the queue ahead of the next event that fits,
/// where the lines are missing (keepalived's syslog drops the same way). On stop the queue is written out for at
/// most <c>flushLimit</c>, so a hung destination cannot hold the process either.
/// </summary>
internal sealed class QueuedLogSink : ILogEventSink, IDisposable
{
    /// <summary>Enough for the bursts of a reload or a failover (a few hundred lines) many times over.</summary>
    public const int DefaultCapacity = 10_000;

    private static readonly MessageTemplate DroppedTemplate =
        new MessageTemplateParser().Parse("{Dropped} log events were dropped here: the log destination did not take them in time");

    private readonly ILogEventSink _inner;
    private readonly BlockingCollection<LogEvent> _queue;
    private readonly Thread _writer;
    private readonly TimeSpan _flushLimit;
    private long _dropped;

    public QueuedLogSink(ILogEventSink inner, int capacity = DefaultCapacity, TimeSpan? flushLimit = null)
    {
        _inner = inner;
        _flushLimit = flushLimit ?? TimeSpan.FromSeconds(2);
        // Not a channel: its reader is woken through the thread pool, one work item per event, and a burst of them at
        // start-up had the pool add workers while the director put its threads under SCHED_RR, some of them too late.
        _queue = new BlockingCollection<LogEvent>(new ConcurrentQueue<LogEvent>(), capacity);
        // A thread of its own, not the pool's: the inner sink blocks while the destination stalls.
        _writer = new Thread(Write) { IsBackground = true, Name = "log writer" };
        _writer.Start();
    }

    /// <summary>Events dropped and not yet reported.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Emit(LogEvent logEvent)
    {
        // The report of a gap goes on the queue ahead of the first event after it, so it stands where lines are missing.
        if (!Report(logEvent.Timestamp) || !TryAdd(logEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Dispose()
    {
        Report(DateTimeOffset.Now);
        _queue.CompleteAdding();
        if (_writer.Join(_flushLimit))
        {
            _queue.Dispose();
            (_inner as IDisposable)?.Dispose();
        }
    }

    private void Write()
    {
        foreach (var logEvent in _queue.GetConsumingEnumerable())
        {
            Pass(logEvent);
        }
        // Dropped after the last report found no room: said at the end.
        if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
        {
            Pass(GapReport(dropped, DateTimeOffset.Now));
        }
    }

    // False when there was a gap to report and still no room for the report.
    private bool Report(DateTimeOffset at)
    {
        if (Interlocked.Read(ref _dropped) == 0)
        {
            return true;
        }
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped == 0 || TryAdd(GapReport(dropped, at)))
        {
            return true;
        }
        Interlocked.Add(ref _dropped, dropped);
        return false;
    }

    // False when full, or when stopping (an event logged after Dispose began is dropped uncounted).
    private bool TryAdd(LogEvent logEvent)
    {
        try
        {
            return _queue.TryAdd(logEvent);
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static LogEvent GapReport(long count, DateTimeOffset at) =>
        new(at, LogEventLevel.Warning, null, DroppedTemplate, [new LogEventProperty("Dropped", new ScalarValue(count))]);

    private void Pass(LogEvent logEvent)
    {
        try
        {
            _inner.Emit(logEvent);
        }
        catch (Exception e)
        {
            // A destination that failed (stderr closed) must not end the writer: the next event may get through.
            SelfLog.WriteLine("log writer: {0}", e);
        }
    }
}
