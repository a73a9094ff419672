namespace Nguon.Silo.Hosting;

/// <summary>Runs many small storage operations as few round trips: a call that arrives while a batch is being run
/// waits for the next one, which takes everything that arrived meanwhile (at most <see cref="MaxBatch"/>). Nothing waits
/// for a timer: alone, a call runs at once; under load, batches grow by themselves. One batch runs at a time. A batch
/// that fails fails each of its calls (nothing is acknowledged that was not stored).</summary>
public sealed class GroupCommit<TIn, TOut>(Func<IReadOnlyList<TIn>, Task<IReadOnlyList<TOut>>> runBatch, int maxBatch = 256)
{
    private readonly Lock gate = new();
    private readonly List<(TIn Item, TaskCompletionSource<TOut> Done)> waiting = [];
    private bool running;

    public int MaxBatch => maxBatch;

    /// <summary>Batches run so far, and calls they carried: their ratio is the mean batch size.</summary>
    public (long Batches, long Calls) Counts { get; private set; }

    public Task<TOut> Run(TIn item)
    {
        var done = new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiting.Add((item, done));
            if (running) return done.Task;
            running = true;
        }
        _ = Drain();
        return done.Task;
    }

    private async Task Drain()
    {
        while (true)
        {
            List<(TIn Item, TaskCompletionSource<TOut> Done)> batch;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    running = false;
                    return;
                }
                batch = waiting.GetRange(0, Math.Min(maxBatch, waiting.Count));
                waiting.RemoveRange(0, batch.Count);
                Counts = (Counts.Batches + 1, Counts.Calls + batch.Count);
            }
            try
            {
                var results = await runBatch([.. batch.Select(b => b.Item)]);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.SetException(e);
            }
        }
    }
}
