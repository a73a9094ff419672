using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.Labels;
using Nguon.Tests.Infrastructure;
using PrintedLabels = Nguon.Client.Labels;

namespace Nguon.Tests.Limits;

/// <summary>The attack of issue 13: a 60,000-character product name made the public label.png allocate about 1 GB and
/// take 27 s of CPU. The HTTP API now refuses such text (<see cref="BoundedTextTests"/>); text already stored — written
/// here through the grains, past the API — still gives a label of bounded size, allocation and time.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class LabelBoundsTests(MemoryClusterFixture fixture)
{
    [Fact]
    public async Task A_label_of_a_lot_with_60000_characters_of_stored_text_stays_small_and_fast()
    {
        var world = new Scenario(fixture.Grains);
        var huge = string.Concat(Enumerable.Repeat("Vải thiều Lục Ngạn ", 60_000 / 19 + 1))[..60_000];
        var gtin = RandomGtin();
        await world.HoldsPrefix(world.Producer, gtin);
        Scenario.Ok(await world.Certificate.Register(WorldData.Certificate(10_000m) with { Name = new LocalizedText(huge, huge) },
            world.Authority));
        await world.AuthorisedFarm("farm");
        Scenario.Ok(await world.Farm("farm").RecordHarvest(new RecordHarvest(world.Id("claimed"), "lychee", new Quantity(10m, "kg"),
            Scenario.At(6, 10), world.Gi, gtin, $"G{world.Suffix}"), world.Producer));
        // A lot that claims no GI may carry any product name: the whole 60,000 characters are on it.
        Scenario.Ok(await world.Farm("farm").RecordHarvest(new RecordHarvest(world.Id("named"), huge, new Quantity(10m, "kg"),
            Scenario.At(6, 10), null, gtin, $"N{world.Suffix}"), world.Producer));

        foreach (var lot in new[] { "claimed", "named" })
        {
            var figures = await Render(world.Id(lot));
            Assert.True(figures.Width <= 1_000 && figures.Height <= 1_000, $"label.png is {figures.Width}×{figures.Height} px");
            Assert.True(figures.Bytes < 64 * 1024, $"label.png is {figures.Bytes} bytes");
            Assert.True(figures.Allocated < 16 * 1024 * 1024, $"rendering allocated {figures.Allocated / 1048576.0:0.0} MiB");
            if (lot == "named")
                TestSummary.Write("label-bounds.txt", $"label.png of a lot with a 60,000-character product name: {figures}{Environment.NewLine}");
        }
    }

    private static string RandomGtin()
    {
        var body = "0893" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("000000000",
            CultureInfo.InvariantCulture);
        return body + Nguon.Domain.Gtin.CheckDigit(body);
    }

    /// <summary>Fetches the public label through the endpoint's own code, then times and measures the rendering alone
    /// (synchronous, on this thread, so the allocation figure is this rendering's only).</summary>
    private async Task<Figures> Render(string code)
    {
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(new NguonOptions { PublicUrl = "https://id.nguon.example" })
                .BuildServiceProvider(),
        };
        var label = await fixture.Grains.GetGrain<IBatchGrain>(code).GetLabel();
        Assert.True(label.IsOk, string.Join("; ", label.Violations));
        var l = label.Value!;
        var content = new Nguon.Client.LabelContent(PrintedLabels.DigitalLinkUri(PublicUrl.Of(http), l.Gtin, l.Lot), l.Gtin, l.Lot,
            l.Product, l.GiName?.Vi, l.GiNumber);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var png = PrintedLabels.LabelPng(content);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return new Figures(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)),
            png.Length, clock.Elapsed.TotalMilliseconds, allocated);
    }

    private sealed record Figures(int Width, int Height, int Bytes, double Milliseconds, long Allocated)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Width}×{Height} px, {Bytes:N0} bytes, {Milliseconds:0.0} ms, {Allocated / 1048576.0:0.0} MiB allocated");
    }
}
