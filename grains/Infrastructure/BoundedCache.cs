namespace Nguon.Infrastructure;

/// <summary>A thread-safe least-recently-used cache capped by the bytes its entries are estimated to hold: adding past
/// the cap evicts the least recently used entries first, and an entry larger than the whole cap is not kept.</summary>
public sealed class BoundedCache<TKey, TValue>(long capacityBytes) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new(); // most recently used first
    private readonly Lock gate = new();

    public long CapacityBytes { get; } = capacityBytes > 0
        ? capacityBytes : throw new ArgumentOutOfRangeException(nameof(capacityBytes), "a cache holds some bytes");

    /// <summary>The estimated bytes of the entries held (never more than <see cref="CapacityBytes"/>).</summary>
    public long Bytes { get { lock (gate) return bytes; } }

    public int Count { get { lock (gate) return entries.Count; } }

    private long bytes;

    public bool TryGetValue(TKey key, out TValue value)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/> as holding <paramref name="size"/> bytes,
    /// evicting the least recently used entries to make room; false (and nothing kept) when it alone exceeds the cap.</summary>
    public bool Set(TKey key, TValue value, long size)
    {
        if (size > CapacityBytes) return false;
        lock (gate)
        {
            if (entries.Remove(key, out var old))
            {
                recency.Remove(old);
                bytes -= old.Value.Size;
            }
            while (bytes + size > CapacityBytes && recency.Last is { } oldest)
            {
                recency.RemoveLast();
                entries.Remove(oldest.Value.Key);
                bytes -= oldest.Value.Size;
            }
            entries[key] = recency.AddFirst(new Entry(key, value, size));
            bytes += size;
            return true;
        }
    }

    public bool Contains(TKey key)
    {
        lock (gate) return entries.ContainsKey(key);
    }

    private sealed record Entry(TKey Key, TValue Value, long Size);
}
