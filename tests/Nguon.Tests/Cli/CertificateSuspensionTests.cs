namespace Nguon.Tests.Cli;

/// <summary>Verification is computed on read: suspending the GI certificate fails every downstream lot at once,
/// and reinstating it makes them verify again.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class CertificateSuspensionTests(CliSilo silo)
{
    [Fact]
    public async Task Suspending_the_GI_fails_the_downstream_lot_and_reinstating_it_restores_the_verdict()
    {
        var world = await CliWorld.CreateAsync(silo);
        var chain = await world.PackedChain();
        (await world.Anonymous("verify", chain.Export)).Ok();

        var suspended = (await world.As(world.Authority, "cert", "status", world.Gi, "--status", "suspended", "--reason",
            "audit of the 2026 season")).Ok();
        Assert.Contains("suspended", suspended.Stdout);
        Assert.Contains($"by {world.Authority}: audit of the 2026 season", suspended.Stdout);

        var failed = (await world.Anonymous("verify", chain.Export)).NotVerified();
        Assert.StartsWith($"{chain.Export}: NOT VERIFIED (GI {world.Gi})", failed.Stdout);
        var reason = failed.Stdout.Split('\n').Single(l => l.StartsWith("  - ", StringComparison.Ordinal));
        Assert.Contains($"GI {world.Gi} suspended since", reason);
        Assert.Contains("audit of the 2026 season", reason);
        var json = (await world.Anonymous("verify", chain.Export, "--json")).NotVerified().Json();
        Assert.Equal("notVerified", json.GetProperty("verdict").GetString());
        Assert.Contains(json.GetProperty("reasons").EnumerateArray(), r
            => r.GetProperty("message").GetString()!.Contains("suspended", StringComparison.Ordinal));
        // Upstream batches and the label resolution say the same.
        (await world.Anonymous("verify", chain.Packed)).NotVerified();
        (await world.Anonymous("resolve", world.Gtin, world.Lot)).NotVerified();
        // A harvest claiming the suspended GI is refused now.
        Assert.Contains("suspended", (await world.As(world.Producer, "farm", "harvest", world.FarmA, "--batch", world.Id("H-LATE"),
            "--product", "lychee", "--quantity", "100 kg", "--claim", world.Gi)).Failed());

        var reinstated = (await world.As(world.Authority, "cert", "status", world.Gi, "--status", "active", "--reason",
            "audit passed")).Ok();
        Assert.Contains("audit passed", reinstated.Stdout);
        var again = (await world.Anonymous("verify", chain.Export)).Ok();
        Assert.StartsWith($"{chain.Export}: VERIFIED (GI {world.Gi})", again.Stdout);
        (await world.Anonymous("resolve", world.Gtin, world.Lot)).Ok();
        var history = (await world.Anonymous("cert", "get", world.Gi, "--json")).Ok().Json().GetProperty("statusHistory")
            .EnumerateArray().Select(h => h.GetProperty("status").GetString()).ToList();
        Assert.Equal(["suspended", "active"], history.TakeLast(2));
    }
}
