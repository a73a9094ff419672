namespace Nguon.Tests.Cli;

/// <summary>`nguon audit ORG` shows who did what for an organisation on a day.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class AuditCommandTests(CliSilo silo)
{
    [Fact]
    public async Task Inspector_reads_the_writes_an_organisation_made_including_its_refusals()
    {
        var world = await CliWorld.CreateAsync(silo);
        var day = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var batch = await world.HarvestAtPacker();
        (await world.As(world.Producer, "cert", "status", world.Gi, "--status", "suspended", "--reason", "not mine to do")).Forbidden();
        if (DateTime.UtcNow.ToString("yyyy-MM-dd") != day) return; // the writes straddled midnight UTC: nothing stable to read

        var entries = (await world.As(world.Inspector, "audit", world.Producer, "--day", day, "--json")).Ok().Json().EnumerateArray()
            .Select(e => (Org: e.GetProperty("organisation").GetString(), Method: e.GetProperty("method").GetString(),
                Path: e.GetProperty("path").GetString(),
                Status: e.GetProperty("status").GetInt32(), Key: e.GetProperty("keyId").GetString()))
            .ToList();
        var keyId = world.Key(world.Producer).Split('_')[1];
        Assert.Equal(
            [
                ("PUT", $"/api/farms/{world.FarmA}", 201),
                ("POST", $"/api/farms/{world.FarmA}/harvests", 201),
                ("POST", $"/api/batches/{batch}/events", 201),
                ("POST", $"/api/certificates/{world.Gi}/status", 403),
            ],
            entries.Select(e => (e.Method, e.Path, e.Status)));
        Assert.All(entries, e => Assert.Equal(world.Producer, e.Org));
        Assert.All(entries, e => Assert.Equal(keyId, e.Key));
        // Reads are not audited: the packer's trail holds the licences it granted when the world was made (its GTIN
        // prefix, to the producer and the retailer), then its receipt only.
        var packer = (await world.As(world.Inspector, "audit", world.Packer, "--day", day, "--json")).Ok().Json().EnumerateArray().ToList();
        Assert.Equal([$"/api/prefixes/{world.Prefix}/licences", $"/api/prefixes/{world.Prefix}/licences", $"/api/batches/{batch}/events"],
            packer.Select(e => e.GetProperty("path").GetString()));

        // The table form, and who else may read it: the organisation itself yes, another operator no.
        var table = (await world.As(world.Producer, "audit", world.Producer, "--day", day)).Ok();
        Assert.Contains($"/api/farms/{world.FarmA}/harvests", table.Stdout);
        Assert.Contains($"may not read the audit trail of {world.Producer}",
            (await world.As(world.OtherOperator, "audit", world.Producer)).Forbidden());
    }
}
