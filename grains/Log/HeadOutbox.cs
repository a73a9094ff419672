using Microsoft.Extensions.Logging;
using Nguon.Model;

namespace Nguon.Log;

/// <summary>Hands one record's heads to the transparency log's intake in the order it wrote them, without holding the
/// record's write on the intake's own durable write (that second commit, one after the other, halved the append
/// throughput). The record's row is the outbox: it keeps <see cref="Confirmed"/> as of its last write, and a record
/// activated with a newer head than that hands it again (a head logged twice is harmless; one never logged is not).
/// Lives in one grain activation and runs on its scheduler, so its fields need no lock.</summary>
public sealed class HeadOutbox(IGrainFactory grains, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);
    private Task tail = Task.CompletedTask;
    private bool stopped;

    /// <summary>The newest sequence the intake has confirmed stored (0 before the first).</summary>
    public int Confirmed { get; private set; }

    /// <summary>Heads handed over and not yet confirmed.</summary>
    public int Pending { get; private set; }

    /// <summary>Queues <paramref name="head"/> after the heads before it; retried until the intake stores it.</summary>
    public void Send(ChainHead head)
    {
        Pending++;
        tail = Deliver(tail, head);
    }

    /// <summary>Declares a sequence confirmed without sending (what the record's row says was confirmed before).</summary>
    public void Restore(int confirmed) => Confirmed = Math.Max(Confirmed, confirmed);

    private async Task Deliver(Task before, ChainHead head)
    {
        await before; // never faults: each delivery catches its own failures
        var wait = FirstRetry;
        while (!stopped)
        {
            try
            {
                await HeadLog.Append(grains, head);
                Confirmed = Math.Max(Confirmed, head.Sequence);
                Pending--;
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "transparency log: {Kind} {Id}'s head {Sequence} not handed over yet; retrying in {Wait}",
                    head.Kind, head.Id, head.Sequence, wait);
                await Task.Delay(wait);
                wait = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, wait.Ticks * 2));
            }
        }
    }

    /// <summary>Waits (bounded) for every queued head, then stops retrying: what is left is handed over again by the
    /// record's next activation.</summary>
    public async Task<bool> Drain(TimeSpan timeout)
    {
        var done = await Task.WhenAny(tail, Task.Delay(timeout)) == tail;
        stopped = true;
        return done;
    }
}
