using System.Text.Json;

namespace Nguon.Tests.Cli;

/// <summary>Each forbidden action is refused by `nguon` with exit 2 and one line on standard error, and nothing
/// changes: the state is read back with a key that may read it.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class ForbiddenActionTests(CliSilo silo)
{
    [Fact]
    public async Task Another_operator_may_not_record_an_event_on_a_batch_it_does_not_hold()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();
        var before = await Snapshot(world, batch);

        var line = (await world.As(world.OtherOperator, "batch", "event", batch, "--step", CliWorld.Fumigating,
            "--sensor", "urn:nguon:sensor:methyl-bromide-dose=32g/m3")).Forbidden();
        Assert.Contains($"{world.OtherOperator} may not record {CliWorld.Fumigating} on {batch}", line);
        Assert.Contains($"in the custody of {world.Packer}", line);
        (await world.As(world.OtherOperator, "batch", "event", batch, "--step", "packing")).Forbidden();

        Assert.Equal(before, await Snapshot(world, batch));
    }

    [Fact]
    public async Task Another_operator_may_not_split_a_batch_it_does_not_hold()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();
        var before = await Snapshot(world, batch);
        var stolen = world.Id("STOLEN");

        var line = (await world.As(world.OtherOperator, "batch", "split", batch, "--part",
            $"{stolen}=100kg@{world.Gtin}/{world.Lot}")).Forbidden();
        Assert.Contains($"{world.OtherOperator} may not split {batch}", line);

        Assert.Equal(before, await Snapshot(world, batch));
        Assert.Contains("404", (await world.As(world.Inspector, "batch", "get", stolen)).Failed());
        // The label was not taken either: resolving it finds nothing, and the custodian can still use it.
        Assert.Contains("404", (await world.Anonymous("resolve", world.Gtin, world.Lot)).Failed());
        (await world.As(world.Packer, "batch", "split", batch, "--part", $"{world.Id("OWN")}=100kg@{world.Gtin}/{world.Lot}")).Ok();
    }

    [Fact]
    public async Task Another_operator_may_not_ship_a_batch_it_does_not_hold()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();
        var before = await Snapshot(world, batch);

        var line = (await world.As(world.OtherOperator, "batch", "ship", batch, "--to", world.OtherOperator)).Forbidden();
        Assert.Contains($"{world.OtherOperator} may not record shipping on {batch}", line);
        // Nor may it receive what was never shipped to it.
        (await world.As(world.OtherOperator, "batch", "receive", batch)).Forbidden();

        Assert.Equal(before, await Snapshot(world, batch));
        var held = (await world.As(world.Packer, "batch", "get", batch, "--json")).Ok().Json();
        Assert.Equal(world.Packer, held.GetProperty("custodian").GetString());
        Assert.Equal("active", held.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, held.GetProperty("destination").ValueKind);
    }

    [Fact]
    public async Task A_producer_may_not_suspend_a_certificate()
    {
        var world = await CliWorld.CreateAsync(silo);
        await world.RegisterCertificate();

        var line = (await world.As(world.Producer, "cert", "status", world.Gi, "--status", "suspended", "--reason",
            "competitor's complaint")).Forbidden();
        Assert.Contains($"{world.Producer} may not change the status of a GI certificate", line);
        (await world.As(world.Packer, "cert", "status", world.Gi, "--status", "revoked", "--reason", "x")).Forbidden();

        var cert = (await world.Anonymous("cert", "get", world.Gi, "--json")).Ok().Json();
        Assert.Equal("active", cert.GetProperty("status").GetString());
        Assert.DoesNotContain(cert.GetProperty("statusHistory").EnumerateArray(), h => h.GetProperty("status").GetString() != "active");
    }

    [Fact]
    public async Task A_producer_may_not_change_a_farm_authorisation()
    {
        var world = await CliWorld.CreateAsync(silo);
        await world.RegisterCertificate();
        (await world.RegisterFarm(world.FarmA)).Ok();
        await world.Authorise(world.FarmA);
        (await world.RegisterFarm(world.FarmB, CliWorld.InsideB)).Ok();
        var before = (await world.As(world.Authority, "farm", "get", world.FarmA, "--json")).Ok().Stdout;

        var line = (await world.As(world.Producer, "farm", "authorisation-status", world.FarmA, world.Gi, "--status", "revoked",
            "--reason", "self-revocation")).Forbidden();
        Assert.Contains($"{world.Producer} may not change farm authorisations", line);
        // Nor authorise its own other farm.
        Assert.Contains("may not authorise farms",
            (await world.As(world.Producer, "farm", "authorise", world.FarmB, "--gi", world.Gi, "--from", "2024-01-01T00:00+07:00",
                "--decision", "self")).Forbidden());

        Assert.Equal(before, (await world.As(world.Authority, "farm", "get", world.FarmA, "--json")).Ok().Stdout);
        var farmB = (await world.As(world.Authority, "farm", "get", world.FarmB, "--json")).Ok().Json();
        Assert.Empty(farmB.GetProperty("authorisations").EnumerateArray());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_its_next_use_and_listed_as_revoked()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();
        var second = await world.IssueKey(world.Packer, "night shift");
        var keyId = second.Split('_')[1];
        Assert.Contains(world.Packer, (await world.Tool.As(second, "me")).Ok().Stdout);
        (await world.Tool.As(second, "batch", "event", batch, "--step", "storing")).Ok();
        var before = await Snapshot(world, batch);

        var revoked = (await world.Admin("key", "revoke", world.Packer, keyId)).Ok();
        Assert.StartsWith($"revoked key {keyId} of {world.Packer} at ", revoked.Stdout);

        var line = (await world.Tool.As(second, "batch", "event", batch, "--step", "packing")).Failed();
        Assert.Contains("(401)", line);
        Assert.Contains("revoked", line);
        Assert.Contains("revoked", (await world.Tool.As(second, "me")).Failed());
        Assert.Equal(before, await Snapshot(world, batch));

        // The organisation's other key still works and sees the revocation in the list.
        var keys = (await world.As(world.Packer, "key", "list", world.Packer, "--json")).Ok().Json().EnumerateArray().ToList();
        Assert.Equal(2, keys.Count);
        var listed = keys.Single(k => k.GetProperty("keyId").GetString() == keyId);
        Assert.Equal("night shift", listed.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.String, listed.GetProperty("revokedAt").ValueKind);
        var other = keys.Single(k => k.GetProperty("keyId").GetString() != keyId);
        Assert.Equal(JsonValueKind.Null, other.GetProperty("revokedAt").ValueKind);
        var table = (await world.Admin("key", "list", world.Packer)).Ok();
        Assert.Contains(keyId, table.Stdout);
        // Another organisation may neither list nor revoke the packer's keys.
        (await world.As(world.OtherOperator, "key", "list", world.Packer)).Forbidden();
        (await world.As(world.OtherOperator, "key", "revoke", world.Packer, other.GetProperty("keyId").GetString()!)).Forbidden();
        (await world.As(world.Packer, "me")).Ok();
    }

    [Fact]
    public async Task A_write_without_a_key_is_refused()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();
        var before = await Snapshot(world, batch);

        var line = (await world.Anonymous("batch", "event", batch, "--step", "packing")).Failed();
        Assert.Contains("(401)", line);
        Assert.Contains("API key", line);
        (await world.Anonymous("cert", "status", world.Gi, "--status", "suspended", "--reason", "anonymous")).Failed();
        (await world.Anonymous("org", "register", world.Id("anon"), "--name", "Anonymous", "--role", "admin")).Failed();
        // A malformed key is refused the same way.
        Assert.Contains("(401)", (await world.Tool.As("not-a-key", "batch", "event", batch, "--step", "packing")).Failed());

        Assert.Equal(before, await Snapshot(world, batch));
        Assert.Equal("active", (await world.Anonymous("cert", "get", world.Gi, "--json")).Ok().Json().GetProperty("status").GetString());
        Assert.Contains("404", (await world.Admin("org", "get", world.Id("anon"))).Failed());
    }

    /// <summary>The batch record and its events as the inspector (who may read everything) sees them.</summary>
    private static async Task<string> Snapshot(CliWorld world, string batch) =>
        (await world.As(world.Inspector, "batch", "get", batch, "--json")).Ok().Stdout +
        (await world.As(world.Inspector, "batch", "events", batch, "--json")).Ok().Stdout;
}
