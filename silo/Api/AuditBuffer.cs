using System.Threading.Channels;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>The audit trail's group commit: requests hand their entries over without waiting for storage, and one
/// loop per silo writes whatever arrived meanwhile, one call per shard (at most <see cref="MaxPerWrite"/> entries), so
/// an API write costs its own storage write, not a second one for its audit line. An entry is written within one
/// flush of its request (milliseconds); a silo stopping writes what it holds first; a silo that dies loses at most one
/// flush — as before, a lost audit line is logged and never turns a completed command into a failed one.</summary>
public sealed class AuditBuffer(IGrainFactory grains, ILogger<AuditBuffer> logger) : BackgroundService
{
    /// <summary>Entries in one shard write: the open page of a shard is never rewritten for more than this at once.</summary>
    public const int MaxPerWrite = 64;

    /// <summary>Entries waiting at most: past it, requests wait for the writer (back-pressure, never dropped).</summary>
    public const int Capacity = 10_000;

    private readonly Channel<(string Shard, AuditEntry Entry)> pending =
        Channel.CreateBounded<(string, AuditEntry)>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    private readonly Lock gate = new();
    private long enqueued;
    private long written;
    private readonly List<(long Through, TaskCompletionSource Done)> waiters = [];

    public async ValueTask Add(string shard, AuditEntry entry)
    {
        lock (gate) enqueued++;
        try
        {
            await pending.Writer.WriteAsync((shard, entry));
        }
        catch (ChannelClosedException)
        {
            // A request finishing while the silo stops, after the buffer was drained: written directly.
            await Write([(shard, entry)]);
            Advance(1);
        }
    }

    /// <summary>Completes once every entry handed over before the call is written (a read of the trail waits for it,
    /// so a client sees its own writes).</summary>
    public Task Flushed()
    {
        lock (gate)
        {
            if (written >= enqueued) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((enqueued, done));
            return done.Task;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stopped by the token: StopAsync completes the channel and the loop drains it.
        while (await pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = new List<(string Shard, AuditEntry Entry)>();
            while (batch.Count < Capacity && pending.Reader.TryRead(out var item)) batch.Add(item);
            await Write(batch);
            Advance(batch.Count);
        }
    }

    private void Advance(int count)
    {
        lock (gate)
        {
            written += count;
            foreach (var waiter in waiters.Where(w => w.Through <= written).ToList())
            {
                waiter.Done.SetResult();
                waiters.Remove(waiter);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task Write(List<(string Shard, AuditEntry Entry)> batch)
    {
        var writes = batch.GroupBy(e => e.Shard, StringComparer.Ordinal)
            .SelectMany(g => g.Select(e => e.Entry).Chunk(MaxPerWrite).Select(chunk => (Shard: g.Key, Entries: chunk)))
            .ToList();
        await Fanout.Each(writes, async w =>
        {
            try
            {
                await grains.GetGrain<IAuditLogGrain>(w.Shard).AppendMany(w.Entries);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Count} audit entries lost for {Shard}", w.Entries.Length, w.Shard);
            }
        });
    }
}
