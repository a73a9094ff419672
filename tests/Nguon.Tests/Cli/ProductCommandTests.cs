using Nguon.Tests.Http;

namespace Nguon.Tests.Cli;

/// <summary>`nguon prefix` and `nguon product` against a real silo, and the prefix rule as the CLI meets it: a lot
/// cannot carry a GTIN outside its labeller's prefixes (exit 2, one line), and nothing changes.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class ProductCommandTests(CliSilo silo)
{
    [Fact]
    public async Task A_lot_cannot_be_given_a_GTIN_under_another_organisations_prefix_or_under_none()
    {
        var world = await CliWorld.CreateAsync(silo);
        var other = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();

        // The packer holds its own prefix, not the other world's: a part labelled with the other's GTIN is refused.
        var squat = world.Id("SQUAT");
        var line = (await world.As(world.Packer, "batch", "split", batch, "--part", $"{squat}=100kg@{other.Gtin}/{world.Lot}")).Failed();
        Assert.Contains("(422)", line, StringComparison.Ordinal);
        Assert.Contains($"GTIN {other.Gtin} is under GS1 Company Prefix {other.Prefix}, held by {other.Packer}", line, StringComparison.Ordinal);
        Assert.Contains("404", (await world.As(world.Inspector, "batch", "get", squat)).Failed());
        Assert.Contains("404", (await world.Anonymous("resolve", other.Gtin, world.Lot)).Failed()); // the label stays free

        // A GTIN under no prefix Nguon knows is refused too; the packer's own GTIN is accepted.
        var body = "0000000" + world.Suffix[..6].Select(c => (char)('0' + c % 10)).Aggregate("", (a, c) => a + c);
        var unknownGtin = body + Nguon.Domain.Gtin.CheckDigit(body);
        Assert.Contains("is under no GS1 Company Prefix registered",
            (await world.As(world.Packer, "batch", "split", batch, "--part", $"{squat}=100kg@{unknownGtin}/{world.Lot}")).Failed(), StringComparison.Ordinal);
        (await world.As(world.Packer, "batch", "split", batch, "--part", $"{world.Id("OWN")}=100kg@{world.Gtin}/{world.Lot}")).Ok();
    }

    [Fact]
    public async Task The_brand_owner_registers_its_GTIN_and_anyone_reads_it_but_nobody_else_may_register_it()
    {
        var world = await CliWorld.CreateAsync(silo);
        await world.RegisterCertificate();
        var registered = (await world.As(world.Packer, "product", "register", world.Gtin, "--name-vi", "Vải thiều Lục Ngạn",
            "--name-en", "Luc Ngan lychee", "--product", "lychee", "--net", "5 kg", "--gi", world.Gi, "--json")).Ok().Json();
        Assert.Equal((world.Gtin, world.Packer, world.Gi), (registered.Str("gtin"), registered.Str("brandOwner"), registered.Str("giNumber")));
        var read = (await world.Anonymous("product", "get", world.Gtin)).Ok();
        Assert.Contains("Luc Ngan lychee", read.Stdout, StringComparison.Ordinal);
        Assert.Contains(world.Packer, read.Stdout, StringComparison.Ordinal);

        // A licensee labels with the GTIN but is not its brand owner.
        var refused = (await world.As(world.Retailer, "product", "register", world.Gtin, "--name-vi", "x", "--name-en", "x",
            "--product", "lychee")).Forbidden();
        Assert.Contains($"held by {world.Packer}, the brand owner", refused, StringComparison.Ordinal);
        var prefix = (await world.Anonymous("prefix", "get", world.Prefix, "--json")).Ok().Json();
        Assert.Equal(world.Packer, prefix.Str("holder"));
        Assert.Equal([world.Producer, world.Retailer], prefix.GetProperty("licensees").EnumerateArray().Select(l => l.Str("organisation")));
        Assert.Contains("may not", (await world.As(world.Producer, "prefix", "license", world.Prefix, "--org", world.OtherOperator,
            "--licence", "self-granted")).Forbidden(), StringComparison.Ordinal);
        Assert.Contains("(400)", (await world.Anonymous("product", "get", "12345")).Failed(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_code_in_another_organisations_code_space_is_refused_with_one_line()
    {
        var world = await CliWorld.CreateAsync(silo);
        var space = "CS" + world.Suffix[..8];
        var holder = world.Id("space-holder").ToLowerInvariant();
        var registered = (await world.Admin("org", "register", holder, "--name", "Holder", "--role", "producer", "--code-space",
            space.ToLowerInvariant())).Ok();
        Assert.Contains($"batch codes {space}-…", registered.Stdout, StringComparison.Ordinal);
        Assert.Contains("(409)", (await world.Admin("org", "register", world.Id("second").ToLowerInvariant(), "--name", "Second",
            "--role", "producer", "--code-space", space)).Failed(), StringComparison.Ordinal);

        (await world.RegisterFarm(world.FarmA)).Ok();
        var code = $"{space}-H-1";
        var line = (await world.As(world.Producer, "farm", "harvest", world.FarmA, "--batch", code, "--product", "lychee",
            "--quantity", "10 kg")).Failed();
        Assert.Contains("(422)", line, StringComparison.Ordinal);
        Assert.Contains($"batch code {code} is in code space {space}, held by {holder}", line, StringComparison.Ordinal);
        Assert.Contains("404", (await world.As(world.Inspector, "batch", "get", code)).Failed(), StringComparison.Ordinal);
    }
}
