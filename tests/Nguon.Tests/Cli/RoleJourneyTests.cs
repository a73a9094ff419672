using System.Text.Json;

namespace Nguon.Tests.Cli;

/// <summary>Each role does its job with `nguon` (in-process, --server and --key given explicitly) against a real
/// silo process: admin, GI authority, producer, packer, inspector and a retailer without a key.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class RoleJourneyTests(CliSilo silo)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Admin_registers_organisations_and_issues_keys_that_identify_them()
    {
        var world = await CliWorld.CreateAsync(silo);

        foreach (var (org, role) in new[] { (world.Authority, "authority"), (world.Producer, "producer"), (world.Packer, "operator"),
            (world.Inspector, "inspector"), (world.Retailer, "retailer") })
        {
            var me = (await world.As(org, "me")).Ok();
            Assert.Equal($"{org} ({char.ToUpperInvariant(role[0])}{role[1..]})", me.Stdout.Trim());
            var got = (await world.Admin("org", "get", org, "--json")).Ok().Json();
            Assert.Equal(org, got.GetProperty("id").GetString());
            Assert.Equal([role], got.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }
        var human = (await world.Admin("org", "get", world.Packer)).Ok();
        Assert.StartsWith($"{world.Packer}: Test operator {world.Suffix} — operator (VN)", human.Stdout);

        // The human form of `key issue` prints the token on its own line, once.
        var issued = (await world.Admin("key", "issue", world.Retailer, "--label", "till 2")).Ok();
        var token = issued.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Trim();
        Assert.Matches("^ngn_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}$", token);
        Assert.Contains(world.Retailer, (await world.Tool.As(token, "me")).Ok().Stdout);

        // Only an admin registers organisations and issues keys.
        (await world.As(world.Authority, "org", "register", world.Id("rogue"), "--name", "Rogue", "--role", "admin")).Forbidden();
        (await world.As(world.Packer, "key", "issue", world.Packer)).Forbidden();
        (await world.Admin("org", "get", world.Id("rogue"))).Failed();
    }

    [Fact]
    public async Task Authority_producer_and_packer_build_the_chain_from_farm_to_labelled_lot()
    {
        var world = await CliWorld.CreateAsync(silo);

        // Authority: the certificate, read back publicly.
        var registered = await world.RegisterCertificate();
        Assert.Contains(world.Gi, registered.Stdout);
        Assert.Contains("Luc Ngan lychee (test)", registered.Stdout);
        var cert = (await world.Anonymous("cert", "get", world.Gi, "--json")).Ok().Json();
        Assert.Equal("active", cert.GetProperty("status").GetString());
        Assert.Equal(12_000m, cert.GetProperty("specification").GetProperty("maxYieldKgPerHaPerSeason").GetDecimal());
        Assert.Equal("JP", cert.GetProperty("foreignRegistrations")[0].GetProperty("country").GetString());

        // Producer registers its farms; the authority authorises them.
        var farm = (await world.RegisterFarm(world.FarmA)).Ok();
        Assert.Contains(world.FarmA, farm.Stdout);
        (await world.RegisterFarm(world.FarmB, CliWorld.InsideB)).Ok();
        await world.Authorise(world.FarmA);
        await world.Authorise(world.FarmB);
        var authorised = (await world.As(world.Producer, "farm", "get", world.FarmA, "--json")).Ok().Json();
        var authorisation = Assert.Single(authorised.GetProperty("authorisations").EnumerateArray());
        Assert.Equal(world.Gi, authorisation.GetProperty("giNumber").GetString());
        Assert.Equal("active", authorisation.GetProperty("status").GetString());

        // Producer harvests with the GI claim.
        var (a, b) = (world.Id("H-A"), world.Id("H-B"));
        var harvest = await world.Harvest(world.FarmA, a, 600);
        Assert.Contains($"harvest on farm {world.FarmA}", harvest.Stdout);
        Assert.Contains(world.Gi, harvest.Stdout);
        await world.Harvest(world.FarmB, b, 400);
        var season = (await world.As(world.Producer, "farm", "season", world.FarmA, DateTime.Now.Year.ToString())).Ok();
        Assert.Matches($@"^{world.FarmA} \d{{4}}: 600(\.0+)? kg in 1 harvests: {a}\n$", season.Stdout);

        // Producer ships to the packer, who receives.
        var shipped = (await world.As(world.Producer, "batch", "ship", a, "--to", world.Packer, "--json")).Ok().Json();
        Assert.Equal("shipping", shipped.GetProperty("bizStep").GetString());
        Assert.Equal(world.Packer, shipped.GetProperty("destination").GetString());
        var inTransit = (await world.As(world.Packer, "batch", "get", a, "--json")).Ok().Json();
        Assert.Equal("inTransit", inTransit.GetProperty("status").GetString());
        (await world.As(world.Packer, "batch", "receive", a)).Ok();
        await world.ShipAndReceive(b, world.Producer, world.Packer);
        var received = (await world.As(world.Packer, "batch", "get", a, "--json")).Ok().Json();
        Assert.Equal(world.Packer, received.GetProperty("custodian").GetString());
        Assert.Equal("active", received.GetProperty("status").GetString());

        // Packer merges the two lots, keeping the GI claim.
        var packed = world.Id("P");
        var merged = (await world.As(world.Packer, "batch", "merge", packed, "--input", $"{a}=600kg", "--input", $"{b}=400 kg", "--claim",
            world.Gi)).Ok();
        Assert.Contains($"merge of {a} (600 kg), {b} (400 kg)", merged.Stdout);
        var p = (await world.As(world.Packer, "batch", "get", packed, "--json")).Ok().Json();
        Assert.Equal(1000m, p.GetProperty("quantity").GetProperty("amount").GetDecimal());
        Assert.Equal("kg", p.GetProperty("quantity").GetProperty("unit").GetString());
        Assert.Equal(world.Gi, p.GetProperty("giClaim").GetString());

        // Fumigation with its sensor readings.
        var fumigation = (await world.As(world.Packer, "batch", "event", packed, "--step", CliWorld.Fumigating, "--read-point", "FUM-BG-01",
            "--sensor", "urn:nguon:sensor:methyl-bromide-dose=32 g/m3", "--sensor", "urn:nguon:sensor:exposure-duration=2h")).Ok();
        Assert.Matches($"^event \\d+ {CliWorld.Fumigating} at .* by {world.Packer}, hash [0-9a-f]{{64}}\n$", fumigation.Stdout);
        var events = (await world.As(world.Packer, "batch", "events", packed, "--json")).Ok().Json();
        var fumigated = events.EnumerateArray().Single(e => e.GetProperty("bizStep").GetString() == CliWorld.Fumigating);
        var sensors = fumigated.GetProperty("sensors").EnumerateArray()
            .Select(s => (s.GetProperty("type").GetString(), s.GetProperty("value").GetDecimal(),
                s.GetProperty("unit").GetString())).ToList();
        Assert.Equal([("urn:nguon:sensor:methyl-bromide-dose", 32m, "g/m3"), ("urn:nguon:sensor:exposure-duration", 2m, "h")], sensors);
        Assert.Equal(world.Packer, fumigated.GetProperty("actor").GetString());
        var table = (await world.As(world.Packer, "batch", "events", packed)).Ok();
        Assert.Contains(CliWorld.Fumigating, table.Stdout);

        // Packer splits off a labelled export lot.
        var export = world.Id("EXP");
        var split = (await world.As(world.Packer, "batch", "split", packed, "--part", $"{export}=600kg@{world.Gtin}/{world.Lot}",
            "--json")).Ok().Json();
        var child = Assert.Single(split.EnumerateArray());
        Assert.Equal(export, child.GetProperty("code").GetString());
        Assert.Equal(world.Gtin, child.GetProperty("gtin").GetString());
        Assert.Equal(world.Lot, child.GetProperty("lot").GetString());
        Assert.Equal(world.Gi, child.GetProperty("giClaim").GetString());
        var after = (await world.As(world.Packer, "batch", "get", packed, "--json")).Ok().Json();
        Assert.Equal(400m, after.GetProperty("remaining").GetDecimal());
        Assert.Equal(export, Assert.Single(after.GetProperty("children").EnumerateArray()).GetProperty("batch").GetString());
    }

    [Fact]
    public async Task Retailer_verifies_resolves_and_prints_the_label_without_a_key()
    {
        var world = await CliWorld.CreateAsync(silo);
        var chain = await world.PackedChain();

        var verified = (await world.Anonymous("verify", chain.Export)).Ok();
        Assert.StartsWith($"{chain.Export}: VERIFIED (GI {world.Gi})", verified.Stdout);
        Assert.Contains("root hash ", verified.Stdout);
        Assert.Contains("from Vườn vải", verified.Stdout);
        Assert.Matches(@"\n  harvested \d{4}-\d{2}-\d{2}\n", verified.Stdout);

        var resolved = (await world.Anonymous("resolve", world.Gtin, world.Lot)).Ok();
        Assert.Equal($"{chain.Export}: verified (GI {world.Gi})", resolved.Stdout.Trim());
        // An unknown lot is an error, not a verdict.
        (await world.Anonymous("resolve", world.Gtin, world.Lot + "X")).Failed();

        var png = silo.NewFile("label.png");
        var svg = silo.NewFile("label.svg");
        var label = (await world.Anonymous("label", chain.Export, "--png", png, "--svg", svg)).Ok();
        var uri = $"{silo.Url}/01/{world.Gtin}/10/{world.Lot}";
        Assert.Equal(uri, label.Stdout.Trim());
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 100, $"the PNG has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        var svgText = await File.ReadAllTextAsync(svg);
        Assert.Contains("<svg", svgText);
        Assert.Contains("</svg>", svgText);

        // A resolver base URL other than the server goes into the QR code; --json lists what was written.
        var branded = (await world.Anonymous("label", chain.Export, "--resolver", "https://id.example.vn/", "--json")).Ok().Json();
        Assert.Equal($"https://id.example.vn/01/{world.Gtin}/10/{world.Lot}", branded.GetProperty("digitalLink").GetString());
        Assert.Equal(world.Gtin, branded.GetProperty("gtin").GetString());

        // A batch without a label has no label to print.
        (await world.Anonymous("label", chain.Packed)).Failed();
    }

    [Fact]
    public async Task Inspector_traces_to_the_farms_and_a_recall_reaches_every_descendant()
    {
        var world = await CliWorld.CreateAsync(silo);
        var chain = await world.PackedChain();
        (await world.Anonymous("verify", chain.Export)).Ok();

        var trace = (await world.As(world.Inspector, "trace", chain.Export)).Ok();
        Assert.StartsWith($"{chain.Export} lychee 600 kg", trace.Stdout);
        Assert.Contains($"{chain.Packed} lychee 1000 kg", trace.Stdout);
        Assert.Contains($"farm {world.FarmA} Vườn vải {world.FarmA}, Phượng Sơn", trace.Stdout);
        Assert.Contains($"farm {world.FarmB} Vườn vải {world.FarmB}, Phượng Sơn", trace.Stdout);
        Assert.Contains($"GI {world.Gi} Luc Ngan lychee (test): active", trace.Stdout);
        Assert.Matches("root hash [0-9a-f]{64}", trace.Stdout);

        var descendants = (await world.As(world.Inspector, "descendants", chain.HarvestA, "--json")).Ok().Json();
        Assert.Equal(new[] { chain.HarvestA, chain.Packed, chain.Export }.Order(),
            descendants.GetProperty("batches").EnumerateArray().Select(n => n.GetProperty("code").GetString()).Order());

        var recall = (await world.As(world.Inspector, "batch", "recall", chain.Packed, "--reason",
            "methyl bromide residue above limit")).Ok();
        Assert.Contains($"holding", recall.Stdout);
        Assert.Contains($"by {world.Inspector}", recall.Stdout);
        var packed = (await world.As(world.Inspector, "batch", "get", chain.Packed, "--json")).Ok().Json();
        Assert.Equal("recalled", packed.GetProperty("status").GetString());

        var descendant = (await world.Anonymous("verify", chain.Export)).NotVerified();
        Assert.StartsWith($"{chain.Export}: RECALLED", descendant.Stdout);
        Assert.Contains($"ancestor {chain.Packed} has been recalled", descendant.Stdout);
        var json = (await world.Anonymous("verify", chain.Export, "--json")).NotVerified().Json();
        Assert.Equal("recalled", json.GetProperty("verdict").GetString());
        // The retailer's resolution of the label says the same, and the recalled batch takes no more events.
        (await world.Anonymous("resolve", world.Gtin, world.Lot)).NotVerified();
        Assert.Contains("recalled", (await world.As(world.Packer, "batch", "event", chain.Packed, "--step", "packing")).Failed());
    }

    [Fact]
    public async Task Json_output_parses_for_batch_get_trace_and_verify()
    {
        var world = await CliWorld.CreateAsync(silo);
        var chain = await world.PackedChain();

        var batch = (await world.As(world.Inspector, "batch", "get", chain.Export, "--json")).Ok().Json();
        Assert.Equal(chain.Export, batch.GetProperty("code").GetString());
        Assert.Equal("split", batch.GetProperty("origin").GetProperty("kind").GetString());
        Assert.Equal(world.Packer, batch.GetProperty("custodian").GetString());

        var trace = (await world.As(world.Inspector, "trace", chain.Export, "--json")).Ok().Json();
        Assert.Equal(chain.Export, trace.GetProperty("root").GetString());
        Assert.Matches("^[0-9a-f]{64}$", trace.GetProperty("rootHash").GetString());
        Assert.Equal([chain.Export, chain.HarvestA, chain.HarvestB, chain.Packed],
            trace.GetProperty("batches").EnumerateArray().Select(n => n.GetProperty("batch").GetProperty("code").GetString()).Order());
        Assert.Equal([world.FarmA, world.FarmB],
            trace.GetProperty("farms").EnumerateArray().Select(f => f.GetProperty("code").GetString()).Order());

        var verify = (await world.Anonymous("verify", chain.Export, "--json")).Ok().Json();
        Assert.Equal("verified", verify.GetProperty("verdict").GetString());
        Assert.Equal(world.Gi, verify.GetProperty("giNumber").GetString());
        Assert.Equal(trace.GetProperty("rootHash").GetString(), verify.GetProperty("rootHash").GetString());
        Assert.Equal(JsonValueKind.Array, verify.GetProperty("reasons").ValueKind);
        Assert.Empty(verify.GetProperty("reasons").EnumerateArray());

        var full = (await world.As(world.Inspector, "verify", chain.Export, "--full", "--json")).Ok().Json();
        Assert.Equal("verified", full.GetProperty("verdict").GetString());
        Assert.Equal(4, full.GetProperty("batchesChecked").GetInt32());
    }
}
