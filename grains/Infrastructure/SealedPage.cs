namespace Nguon.Infrastructure;

/// <summary>A page of history (batch events, audit entries) moved out of its owner's row into a grain of its
/// own: written once. Sealing the same content again is the owner retrying after its own write failed, so it
/// does nothing; sealing other content would rewrite history, so it is refused and the owner's command fails
/// with its state unchanged.</summary>
public static class SealedPage
{
    /// <summary>Whether <paramref name="items"/> must be written to a page that holds <paramref name="stored"/>
    /// (an empty page is not sealed yet). Throws when the page is sealed with other content.</summary>
    public static bool NeedsWrite<T>(IReadOnlyList<T> stored, IReadOnlyList<T> items, Func<T, T, bool> same, string page)
    {
        if (stored.Count == 0) return true;
        if (stored.Count == items.Count && stored.Zip(items).All(p => same(p.First, p.Second))) return false;
        throw new InvalidOperationException(
            $"page {page} is sealed with {stored.Count} other items; a sealed page is written once and never rewritten");
    }

    /// <summary>Seals <paramref name="items"/> into the page's list in its persisted state, by the rule above.</summary>
    public static async Task Seal<TState, T>(
        IPersistentState<TState> state, Func<TState, List<T>> page, IReadOnlyList<T> items, Func<T, T, bool> same, string key)
    {
        var stored = page(state.State);
        if (!NeedsWrite(stored, items, same, key)) return;
        stored.AddRange(items);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            stored.Clear(); // not sealed after all: a retry must write again
            throw;
        }
    }
}
