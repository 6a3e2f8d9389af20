using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace LvsActors.Cli.Tests;

/// <summary>The director's queued log: a stalled destination drops and counts instead of stopping whoever logs.</summary>
public sealed class QueuedLogSinkTests
{
    // Generous: these bound a hang, they time nothing.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public void Whoever_logs_goes_on_while_the_destination_stalls_and_the_gap_is_reported_where_it_was()
    {
        var destination = new StallingSink();
        using (var sink = new QueuedLogSink(destination, capacity: 100))
        {
            Emit(sink, 0); // taken by the writer, which then stalls inside the destination
            Assert.True(destination.Entered.Wait(Hang), "the writer never reached the destination");
            Assert.True(Finishes(() =>
            {
                for (var i = 1; i <= 5_000; i++)
                {
                    Emit(sink, i);
                }
            }), "logging waited for a stalled destination");
            Assert.Equal(5_000 - 100, sink.Dropped);
            destination.Release();
        }

        var written = destination.Written.Select(e => e.RenderMessage()).ToList();
        // Event 0, then what the queue held (1..100), then the report, then nothing: the rest was dropped.
        Assert.Equal(["0", .. Enumerable.Range(1, 100).Select(i => i.ToString()), "4900 log events were dropped here: the log destination did not take them in time"], written);
        Assert.Equal(LogEventLevel.Warning, destination.Written[^1].Level);
    }

    [Fact]
    public void A_destination_that_keeps_up_gets_every_event_in_order_and_no_report()
    {
        var destination = new StallingSink();
        destination.Release();
        using (var sink = new QueuedLogSink(destination, capacity: 100_000))
        {
            for (var i = 0; i < 20_000; i++)
            {
                Emit(sink, i);
            }
        }
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => i.ToString()), destination.Written.Select(e => e.RenderMessage()));
    }

    [Fact]
    public void A_destination_that_throws_loses_that_event_only()
    {
        var destination = new StallingSink { Throws = e => e.RenderMessage() == "1" };
        destination.Release();
        using (var sink = new QueuedLogSink(destination))
        {
            Emit(sink, 0);
            Emit(sink, 1);
            Emit(sink, 2);
        }
        Assert.Equal(["0", "2"], destination.Written.Select(e => e.RenderMessage()));
    }

    [Fact]
    public void Stopping_with_a_hung_destination_gives_up_after_the_flush_limit()
    {
        var destination = new StallingSink();
        var sink = new QueuedLogSink(destination, flushLimit: TimeSpan.FromMilliseconds(200));
        Emit(sink, 0);
        Assert.True(destination.Entered.Wait(Hang));
        Assert.True(Finishes(sink.Dispose), "stopping waited for a hung destination");
        Assert.False(destination.Disposed, "a destination still in use was disposed under its writer");
        destination.Release();
    }

    private static bool Finishes(Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true };
        thread.Start();
        return thread.Join(Hang);
    }

    private static void Emit(QueuedLogSink sink, int n) =>
        sink.Emit(new LogEvent(DateTimeOffset.Now, LogEventLevel.Information, null, new MessageTemplateParser().Parse(n.ToString()), []));

    /// <summary>A destination that blocks every write until released, as a pipe nobody reads does.</summary>
    private sealed class StallingSink : ILogEventSink, IDisposable
    {
        private readonly ManualResetEventSlim _open = new();
        private readonly ConcurrentQueue<LogEvent> _written = new();

        public ManualResetEventSlim Entered { get; } = new();

        public Func<LogEvent, bool> Throws { get; init; } = _ => false;

        public bool Disposed { get; private set; }

        public IReadOnlyList<LogEvent> Written => _written.ToList();

        public void Release() => _open.Set();

        public void Emit(LogEvent logEvent)
        {
            Entered.Set();
            _open.Wait();
            if (Throws(logEvent))
            {
                throw new IOException("the destination failed");
            }
            _written.Enqueue(logEvent);
        }

        public void Dispose() => Disposed = true;
    }
}
