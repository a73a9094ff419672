using System.Globalization;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Tests.Domain;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Limits;

/// <summary>The attack of issue 13: rejected GeoJSON stayed in the geometry cache (250 rejected farm registrations took
/// the silo from 154 MB to 1.1 GB). Now the cache keeps only stored records' geometry and is bounded by bytes: 250
/// rejected registrations of distinct detailed outlines leave none of them cached.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class GeometryCacheTests(MemoryClusterFixture fixture)
{
    [Fact]
    public async Task Rejected_farm_registrations_leave_nothing_in_the_geometry_cache()
    {
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await RegisterRefused(new Scenario(fixture.Grains));
        // The outlines are gone with the call: what the heap holds now is what the silo kept.
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.InRange(Geo.CachedBytes, 0, Geo.CacheBytes);
        TestSummary.Write("geometry-cache.txt", string.Create(CultureInfo.InvariantCulture,
            $"250 refused farm registrations of ~190 KB outlines (4,000 vertices): test process heap {heapBefore / 1048576.0:0} → "
            + $"{heapAfter / 1048576.0:0} MiB, geometry cache {Geo.CachedBytes / 1048576.0:0.0} MiB{Environment.NewLine}"));
    }

    private async Task RegisterRefused(Scenario world)
    {
        var outlines = Enumerable.Range(0, 250).Select(i => BoundedCacheTests.Polygon(106.40 + i * 0.001, 21.30, 4_000)).ToList();
        // Valid outlines, refused for their area (0 ha): the geometry is parsed and checked, the command refused.
        var refused = await Task.WhenAll(outlines.Select((outline, i) => fixture.Grains.GetGrain<IFarmGrain>(world.Id($"F{i}"))
            .Register(WorldData.Farm("Vườn", world.Producer.Organisation, outline, areaHa: 0m), world.Authority)));
        Assert.All(refused, r => Assert.Equal(["input.area"], r.Violations.Select(v => v.Rule)));
        Assert.DoesNotContain(outlines, Geo.IsCached);
    }
}
