using Nguon.Tests.Cli;

namespace Nguon.Tests.Exports;

/// <summary>`nguon export fsma204` against a real silo process, on a packed chain built with `nguon` itself.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class ExportCommandTests(CliSilo silo)
{
    [Fact]
    public async Task Export_writes_the_spreadsheet_prints_CSV_and_refuses_with_one_line()
    {
        var world = await CliWorld.CreateAsync(silo);
        var chain = await world.PackedChain();
        var tlc = $"01{world.Gtin}10{world.Lot}";

        // XLSX into a file: the packed chain's five events (two harvests, their initial packing, the labelled part).
        var file = silo.NewFile("fsma204.xlsx");
        var wrote = (await world.As(world.Packer, "export", "fsma204", "--tlc", tlc, "--out", file)).Ok();
        Assert.StartsWith($"FSMA 204 records of {tlc} written to {file} (XLSX, ", wrote.Stdout);
        var rows = Spreadsheets.OpenXlsx(await File.ReadAllBytesAsync(file)).Records.Rows;
        Assert.Equal(
            new[]
            {
                ("Harvesting", chain.HarvestA, 600m), ("Harvesting", chain.HarvestB, 400m), ("Initial packing", chain.Packed, 1000m),
                ("Initial packing", chain.Packed, 1000m), ("Transformation", $"(01){world.Gtin}(10){world.Lot}", 600m),
            },
            rows.Select(r => ((string)r["Critical tracking event"]!, (string)r["Traceability lot code (TLC)"]!, (decimal)r["Quantity"]!))
                .OrderBy(r => r.Item1 == "Transformation").ThenBy(r => r.Item1).ThenBy(r => r.Item2, StringComparer.Ordinal));

        // CSV on standard output (no --out), the same rows; --json reports the file written.
        var csv = (await world.As(world.Packer, "export", "fsma204", "--tlc", chain.Export, "--format", "csv")).Ok();
        var parsed = Spreadsheets.ParseCsv(System.Text.Encoding.UTF8.GetBytes(csv.Stdout));
        Assert.Equal(rows.Select(r => Spreadsheets.AsCsv(r["Nguon event"])), parsed.Rows.Select(r => (string?)r["Nguon event"]));
        var csvFile = silo.NewFile("fsma204.csv");
        var json = (await world.As(world.Packer, "--json", "export", "fsma204", "--tlc", chain.Export, "--out", csvFile)).Ok().Json();
        Assert.Equal(("csv", csvFile), (json.GetProperty("format").GetString(), json.GetProperty("file").GetString()));
        Assert.Equal(csv.Stdout, await File.ReadAllTextAsync(csvFile));

        // Refusals: exit 2, one line, and no file left behind.
        var refused = silo.NewFile("refused.xlsx");
        Assert.Contains("Forbidden (403)", (await world.As(world.Retailer, "export", "fsma204", "--tlc", tlc, "--out", refused)).Failed());
        Assert.False(File.Exists(refused));
        (await world.Anonymous("export", "fsma204", "--tlc", tlc, "--out", refused)).Failed();
        var unknown = await world.As(world.Inspector, "export", "fsma204", "--tlc", world.Id("NONE"), "--format", "csv");
        Assert.Contains("404", unknown.Failed());
        Assert.Contains("--out FILE", (await world.As(world.Inspector, "export", "fsma204", "--tlc", tlc, "--format", "xlsx")).Failed());
        Assert.Contains("csv or xlsx", (await world.As(world.Inspector, "export", "fsma204", "--tlc", tlc, "--format", "pdf")).Failed());
        Assert.False(File.Exists(refused));

        // A period of this world's GI (from the read model) holds every row of the lot's own export.
        var today = DateTimeOffset.UtcNow;
        string Day(DateTimeOffset t) => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var period = (await world.As(world.Packer, "export", "fsma204", "--from", Day(today.AddDays(-30)), "--to", Day(today.AddDays(1)),
            "--gi", world.Gi, "--format", "csv")).Ok();
        var periodRows = Spreadsheets.ParseCsv(System.Text.Encoding.UTF8.GetBytes(period.Stdout)).Rows
            .Select(r => (string?)r["Nguon event"]).ToHashSet();
        Assert.All(parsed.Rows, r => Assert.Contains((string?)r["Nguon event"], periodRows));
        Assert.Contains("--tlc for a lot, or --from and --to",
            (await world.As(world.Packer, "export", "fsma204", "--format", "csv")).Failed());
        Assert.Contains("at most 92 days", (await world.As(world.Packer, "export", "fsma204", "--from", "2026-01-01", "--to",
            "2026-12-01", "--format", "csv")).Failed());
    }
}
