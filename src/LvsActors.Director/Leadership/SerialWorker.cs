using System.Collections.Concurrent;

namespace LvsActors.Director.Leadership;

/// <summary>
/// One thread that runs actions in the order they were given. <see cref="Run"/> waits for an action only as long as
/// asked: a kernel call that blocks (a sync daemon's kernel thread being stopped in a starved machine) then finishes
/// here in the background, and the next action still comes after it.
/// </summary>
internal sealed class SerialWorker : IDisposable
{
    private readonly BlockingCollection<Action> _queue = [];
    private readonly Thread _thread;
    private readonly Action<Exception> _failed;

    /// <param name="failed">Told of an exception an action let out (the worker goes on with the next).</param>
    public SerialWorker(string name, Action<Exception> failed)
    {
        _failed = failed;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="action"/>; true when it finished within <paramref name="wait"/>.</summary>
    public bool Run(Action action, TimeSpan wait)
    {
        using var done = new ManualResetEventSlim();
        var finished = done;
        _queue.Add(() =>
        {
            try
            {
                action();
            }
            finally
            {
                // The waiter may have gone (and disposed the event): then nobody needs the signal.
                try
                {
                    finished.Set();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        });
        return done.Wait(wait);
    }

    /// <summary>Lets queued actions finish (for up to five seconds) and stops the thread.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        if (_thread.Join(TimeSpan.FromSeconds(5)))
        {
            // (A thread still blocked in the kernel keeps the queue; the process is on its way out.)
            _queue.Dispose();
        }
    }

    private void Loop()
    {
        foreach (var action in _queue.GetConsumingEnumerable())
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                _failed(e);
            }
        }
    }
}
