namespace Nguon.Infrastructure;

/// <summary>Bounded parallel fan-out: many grain calls at once, but never more than a limit in flight.</summary>
public static class Fanout
{
    public const int DefaultLimit = 32;

    public static async Task<TResult[]> Map<TItem, TResult>(
        IReadOnlyList<TItem> items, Func<TItem, Task<TResult>> call, int limit = DefaultLimit)
    {
        if (items.Count <= limit) return await Task.WhenAll(items.Select(call));
        using var gate = new SemaphoreSlim(limit);
        return await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try { return await call(item); }
            finally { gate.Release(); }
        }));
    }

    public static Task Each<TItem>(IReadOnlyList<TItem> items, Func<TItem, Task> call, int limit = DefaultLimit) =>
        Map(items, async item => { await call(item); return true; }, limit);
}
