using Nguon.Domain;
using Nguon.Infrastructure;

namespace Nguon.Tests.Domain;

/// <summary>The byte-bounded LRU cache (<see cref="BoundedCache{TKey,TValue}"/>) and the geometry cache's rule: only
/// stored records' geometry is kept, never a command's input.</summary>
public sealed class BoundedCacheTests
{
    [Fact]
    public void Adding_past_the_cap_evicts_the_least_recently_used_first()
    {
        var cache = new BoundedCache<string, int>(100);
        Assert.True(cache.Set("a", 1, 40));
        Assert.True(cache.Set("b", 2, 40));
        Assert.True(cache.TryGetValue("a", out _)); // b is now the least recently used
        Assert.True(cache.Set("c", 3, 40));
        Assert.Equal((true, false, true), (cache.Contains("a"), cache.Contains("b"), cache.Contains("c")));
        Assert.Equal(80, cache.Bytes);
    }

    [Fact]
    public void An_entry_larger_than_the_cap_is_not_kept_and_a_replaced_one_is_counted_once()
    {
        var cache = new BoundedCache<string, int>(100);
        Assert.False(cache.Set("huge", 1, 101));
        Assert.Equal(0, cache.Count);
        cache.Set("a", 1, 30);
        cache.Set("a", 2, 50);
        Assert.Equal((1, 50L), (cache.Count, cache.Bytes));
        Assert.True(cache.TryGetValue("a", out var value));
        Assert.Equal(2, value);
    }

    [Fact]
    public void Concurrent_writers_never_take_it_past_its_cap()
    {
        var cache = new BoundedCache<int, int>(10_000);
        Parallel.For(0, 20_000, i => cache.Set(i, i, 1 + i % 97));
        Assert.InRange(cache.Bytes, 1, 10_000);
    }

    [Fact]
    public void A_command_s_geometry_is_never_cached_a_stored_record_s_is()
    {
        var input = Polygon(106.50 + Random.Shared.NextDouble() / 100, 21.30, 50);
        Assert.True(Geo.TryParse(input, Geo.LocationTypes, out _, out _));
        Assert.False(Geo.IsCached(input));
        Assert.True(Geo.TryParseStored(input, Geo.LocationTypes, out _, out _));
        Assert.True(Geo.IsCached(input));
        Assert.InRange(Geo.CachedBytes, 1, Geo.CacheBytes);
    }

    /// <summary>A closed ring of <paramref name="points"/> vertices around (lon, lat), about 1 km across.</summary>
    public static string Polygon(double lon, double lat, int points)
    {
        var ring = Enumerable.Range(0, points + 1).Select(i =>
        {
            var a = 2 * Math.PI * (i % points) / points;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"[{lon + 0.005 * Math.Cos(a):0.0000000},{lat + 0.005 * Math.Sin(a):0.0000000}]");
        });
        return $$"""{"type":"Polygon","coordinates":[[{{string.Join(',', ring)}}]]}""";
    }
}
