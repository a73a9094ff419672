using System.Text.Json;
using Nguon.Model;
using Nguon.Tests.Infrastructure;
using GtinRules = Nguon.Domain.Gtin;

namespace Nguon.Tests.Cli;

/// <summary>A small GI world built with `nguon` alone: the admin registers one organisation per role and issues
/// each a key (parsed from `key issue --json`); the authority registers a Lục Ngạn-like certificate and
/// authorises farms; the producer harvests. Every id carries a unique suffix, so tests share a silo unseen.</summary>
public sealed class CliWorld
{
    /// <summary>The demo's Lục Ngạn protected area; <see cref="Inside"/> and <see cref="InsideB"/> lie in it,
    /// <see cref="Outside"/> (Thanh Hà) does not (<see cref="WorldData"/>).</summary>
    public const string Area = WorldData.Area;
    public const string Inside = WorldData.PhuongSon;
    public const string InsideB = WorldData.QuySon;
    public const string Outside = WorldData.Outside;
    public static readonly string Fumigating = BizStep.Fumigating.Value;

    private readonly Dictionary<string, string> keys = [];

    private CliWorld(CliSilo silo)
    {
        Silo = silo;
        Tool = new NguonTool(silo.Url);
        Suffix = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var body = "1893" + Random.Shared.NextInt64(0, 1_000_000_000).ToString("000000000");
        Gtin = body + GtinRules.CheckDigit(body);
    }

    public CliSilo Silo { get; }
    public NguonTool Tool { get; }
    public string Suffix { get; }
    public string Id(string name) => $"{name}-{Suffix}";

    public string Gi => Id("VN-GI");
    public string Authority => Id("dost").ToLowerInvariant();
    public string Producer => Id("htx").ToLowerInvariant();
    public string Packer => Id("packer").ToLowerInvariant();
    public string OtherOperator => Id("other-packer").ToLowerInvariant();
    public string Inspector => Id("ppd").ToLowerInvariant();
    public string Retailer => Id("retail").ToLowerInvariant();

    public string FarmA => Id("VNBG-LN-A");
    public string FarmB => Id("VNBG-LN-B");

    /// <summary>A valid GTIN-14 (check digit by Gtin.CheckDigit) for this world's labelled lot.</summary>
    public string Gtin { get; }
    public string Lot => $"L{Suffix}";

    /// <summary>The GS1 Company Prefix of <see cref="Gtin"/> (its nine digits after the indicator), held by the packer.</summary>
    public string Prefix => Gtin.Substring(1, 9);

    public string Key(string organisation) => keys[organisation];
    public string AdminKey => Silo.AdminKey;

    /// <summary>Every role's organisation, each with its own key.</summary>
    public static async Task<CliWorld> CreateAsync(CliSilo silo)
    {
        var world = new CliWorld(silo);
        foreach (var (org, role) in new[]
        {
            (world.Authority, "authority"), (world.Producer, "producer"), (world.Packer, "operator"),
            (world.OtherOperator, "operator"), (world.Inspector, "inspector"), (world.Retailer, "retailer"),
        })
        {
            (await world.Admin("org", "register", org, "--name", $"Test {role} {world.Suffix}", "--role", role, "--country", "VN")).Ok();
            world.keys[org] = await world.IssueKey(org);
        }
        // The packer is the brand owner of the world's GTIN; the producer and the retailer label under its licence.
        (await world.Admin("prefix", "register", world.Prefix, "--org", world.Packer, "--licence", $"GS1VN-{world.Suffix}")).Ok();
        foreach (var licensee in new[] { world.Producer, world.Retailer })
            (await world.As(world.Packer, "prefix", "license", world.Prefix, "--org", licensee, "--licence", "HĐ-TEST")).Ok();
        return world;
    }

    /// <summary>`nguon key issue ORG --json` with the admin key; returns the token from the JSON.</summary>
    public async Task<string> IssueKey(string organisation, string label = "cli test")
    {
        var issued = (await Admin("key", "issue", organisation, "--label", label, "--json")).Ok().Json();
        var token = issued.GetProperty("token").GetString()!;
        Assert.StartsWith("ngn_", token);
        Assert.Equal(organisation, issued.GetProperty("key").GetProperty("organisation").GetString());
        Assert.StartsWith($"ngn_{issued.GetProperty("key").GetProperty("keyId").GetString()}_", token);
        return token;
    }

    public Task<CliRun> Admin(params string[] args) => Tool.As(AdminKey, args);

    /// <summary>`nguon` with <paramref name="organisation"/>'s key.</summary>
    public Task<CliRun> As(string organisation, params string[] args) => Tool.As(Key(organisation), args);

    public Task<CliRun> Anonymous(params string[] args) => Tool.Anonymous(args);

    // --- the authority -----------------------------------------------------------------------------------

    public async Task<CliRun> RegisterCertificate()
    {
        var file = Silo.NewFile("certificate.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(WorldData.CertificateRegisteredInJapanBody()));
        return (await As(Authority, "cert", "register", Gi, "--file", file)).Ok();
    }

    public async Task Authorise(string farm) =>
        (await As(Authority, "farm", "authorise", farm, "--gi", Gi, "--from", "2024-01-01T00:00+07:00", "--decision",
            $"QĐ-{Suffix}/2024/SKHCN")).Ok();

    // --- the producer ------------------------------------------------------------------------------------

    public async Task<CliRun> RegisterFarm(string code, string location = Inside, string? owner = null)
    {
        var file = Silo.NewFile("farm.json");
        await File.WriteAllTextAsync(file,
            JsonSerializer.Serialize(WorldData.FarmBody($"Vườn vải {code}", owner ?? Producer, location, 2.0m)));
        return await As(owner ?? Producer, "farm", "register", code, "--file", file);
    }

    public async Task<CliRun> Harvest(string farm, string batch, int kg, bool claim = true)
    {
        string[] args = ["farm", "harvest", farm, "--batch", batch, "--product", "lychee", "--quantity", $"{kg} kg", "--variety", "thiều"];
        return (await As(Producer, claim ? [.. args, "--claim", Gi] : args)).Ok();
    }

    // --- custody ------------------------------------------------------------------------------------------

    public async Task ShipAndReceive(string batch, string from, string to)
    {
        (await As(from, "batch", "ship", batch, "--to", to)).Ok();
        (await As(to, "batch", "receive", batch)).Ok();
    }

    // --- whole chains -------------------------------------------------------------------------------------

    /// <summary>Certificate, two authorised farms inside the area, one GI harvest on each.</summary>
    public async Task<(string A, string B)> Harvests(int kgA = 600, int kgB = 400)
    {
        await RegisterCertificate();
        foreach (var farm in new[] { FarmA, FarmB })
        {
            (await RegisterFarm(farm, farm == FarmA ? Inside : InsideB)).Ok();
            await Authorise(farm);
        }
        var (a, b) = (Id("H-A"), Id("H-B"));
        await Harvest(FarmA, a, kgA);
        await Harvest(FarmB, b, kgB);
        return (a, b);
    }

    /// <summary>One GI harvest shipped to and received by the packer (so the packer holds it).</summary>
    public async Task<string> HarvestAtPacker()
    {
        await RegisterCertificate();
        (await RegisterFarm(FarmA)).Ok();
        await Authorise(FarmA);
        var batch = Id("H-A");
        await Harvest(FarmA, batch, 500);
        await ShipAndReceive(batch, Producer, Packer);
        return batch;
    }

    /// <summary>The packed chain: two harvests (600 + 400 kg) shipped to the packer, merged into 1,000 kg with the
    /// GI claim, fumigated, and split into a labelled 600 kg export lot; the packed batch keeps 400 kg.</summary>
    public async Task<Chain> PackedChain()
    {
        var (a, b) = await Harvests();
        await ShipAndReceive(a, Producer, Packer);
        await ShipAndReceive(b, Producer, Packer);
        var packed = Id("P");
        (await As(Packer, "batch", "merge", packed, "--input", $"{a}=600kg", "--input", $"{b}=400 kg", "--claim", Gi, "--read-point",
            "PH-BG-LN-001")).Ok();
        (await As(Packer, "batch", "event", packed, "--step", Fumigating, "--read-point", "FUM-BG-01",
            "--sensor", "urn:nguon:sensor:methyl-bromide-dose=32 g/m3", "--sensor", "urn:nguon:sensor:exposure-duration=2h")).Ok();
        var export = Id("EXP");
        (await As(Packer, "batch", "split", packed, "--part", $"{export}=600kg@{Gtin}/{Lot}")).Ok();
        return new Chain(a, b, packed, export);
    }

    public sealed record Chain(string HarvestA, string HarvestB, string Packed, string Export);
}
