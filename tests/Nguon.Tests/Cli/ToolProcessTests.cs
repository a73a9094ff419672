namespace Nguon.Tests.Cli;

/// <summary>The real tool in its own process (<c>dotnet nguon.dll …</c>): its exit codes, the single line on
/// standard error, and the NGUON_SERVER / NGUON_KEY environment variables.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class ToolProcessTests(CliSilo silo)
{
    [Fact]
    public void The_tool_is_built_next_to_the_tests()
    {
        Assert.True(File.Exists(NguonTool.ToolPath), NguonTool.ToolPath);
        Assert.True(File.Exists(Path.ChangeExtension(NguonTool.ToolPath, ".runtimeconfig.json")), "nguon.runtimeconfig.json is missing");
    }

    [Fact]
    public async Task Verify_of_a_verified_batch_exits_0()
    {
        var world = await CliWorld.CreateAsync(silo);
        var chain = await world.PackedChain();

        var run = (await NguonTool.RunProcess(null, "verify", chain.Export, "--server", silo.Url)).Ok();
        Assert.StartsWith($"{chain.Export}: VERIFIED (GI {world.Gi})", run.Stdout);
        var resolved = (await NguonTool.RunProcess(null, "--server", silo.Url, "resolve", world.Gtin, world.Lot)).Ok();
        Assert.Equal($"{chain.Export}: verified (GI {world.Gi})", resolved.Stdout.Trim());
    }

    [Fact]
    public async Task Verify_of_a_counterfeit_exits_1()
    {
        var world = await CliWorld.CreateAsync(silo);
        await world.RegisterCertificate();
        // A farm outside the protected area, never authorised: it harvests without a claim and relabels the fruit.
        var farm = world.Id("VNHD-TH");
        (await world.RegisterFarm(farm, CliWorld.Outside)).Ok();
        var harvest = world.Id("TH-H");
        await world.Harvest(farm, harvest, 500, claim: false);
        var fake = world.Id("FAKE");
        (await world.As(world.Producer, "batch", "split", harvest, "--part", $"{fake}=500kg@{world.Gtin}/{world.Lot}")).Ok();

        var run = (await NguonTool.RunProcess(null, "--server", silo.Url, "verify", fake, "--claim", world.Gi)).NotVerified();
        Assert.StartsWith($"{fake}: NOT VERIFIED (GI {world.Gi})", run.Stdout);
        Assert.Contains($"farm {farm} lies outside the protected area of GI {world.Gi}", run.Stdout);
        Assert.Contains("carries no GI claim", run.Stdout);
        (await NguonTool.RunProcess(null, "--server", silo.Url, "resolve", world.Gtin, world.Lot)).NotVerified();
    }

    [Fact]
    public async Task Verify_of_an_unknown_batch_exits_2_with_one_line_on_stderr()
    {
        var unknown = "NO-SUCH-" + Guid.NewGuid().ToString("N")[..8];
        var line = (await NguonTool.RunProcess(null, "--server", silo.Url, "verify", unknown)).Failed();
        Assert.Equal($"nguon: Not found (404): batch {unknown} is not registered", line);
        // The same for --json: an error is never printed as JSON on stdout.
        (await NguonTool.RunProcess(null, "--server", silo.Url, "verify", unknown, "--json")).Failed();
    }

    [Fact]
    public async Task A_write_without_a_key_exits_2_with_one_line_on_stderr()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();
        var events = (await world.As(world.Inspector, "batch", "events", batch, "--json")).Ok().Stdout;

        var line = (await NguonTool.RunProcess(null, "--server", silo.Url, "batch", "ship", batch, "--to", world.OtherOperator)).Failed();
        Assert.Contains("(401)", line);
        Assert.Contains("API key", line);
        Assert.Equal(events, (await world.As(world.Inspector, "batch", "events", batch, "--json")).Ok().Stdout);
    }

    [Fact]
    public async Task A_forbidden_write_and_a_usage_error_exit_2_with_one_line_on_stderr()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();

        (await NguonTool.RunProcess(null, "--server", silo.Url, "--key", world.Key(world.OtherOperator), "batch", "ship", batch, "--to",
            world.OtherOperator)).Forbidden();
        Assert.Contains("--to", (await NguonTool.RunProcess(null, "--server", silo.Url, "batch", "ship", batch)).Failed());
        Assert.Contains("quantity", (await NguonTool.RunProcess(null, "--server", silo.Url, "--key", world.Key(world.Packer),
            "batch", "split", batch, "--part", $"{world.Id("X")}=lots")).Failed());
    }

    [Fact]
    public async Task NGUON_SERVER_and_NGUON_KEY_are_honoured()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();
        var environment = new Dictionary<string, string> { ["NGUON_SERVER"] = silo.Url, ["NGUON_KEY"] = world.Key(world.Packer) };

        Assert.Equal($"{world.Packer} (Operator)", (await NguonTool.RunProcess(environment, "me")).Ok().Stdout.Trim());
        (await NguonTool.RunProcess(environment, "batch", "event", batch, "--step", "packing", "--read-point", "PH-ENV")).Ok();
        var events = (await world.As(world.Inspector, "batch", "events", batch, "--json")).Ok().Json().EnumerateArray().ToList();
        Assert.Equal(("packing", world.Packer),
            (events[^1].GetProperty("bizStep").GetString(), events[^1].GetProperty("actor").GetString()));

        // The command line overrides the environment.
        var overridden = (await NguonTool.RunProcess(environment, "--key", world.Key(world.Inspector), "me")).Ok();
        Assert.Equal($"{world.Inspector} (Inspector)", overridden.Stdout.Trim());
        // Without NGUON_SERVER the default server is used; here a closed port proves which one it talks to.
        var unreachable = (await NguonTool.RunProcess(new Dictionary<string, string> { ["NGUON_SERVER"] = "http://127.0.0.1:9" }, "verify",
            batch)).Failed();
        Assert.StartsWith("nguon: cannot reach http://127.0.0.1:9", unreachable);
    }
}
