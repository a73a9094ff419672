using Nguon.Model;

namespace Nguon.Tests.Infrastructure;

/// <summary>Builds a small GI world through the grains: one certificate, farms inside (and outside) its area,
/// harvests. Every id carries a unique suffix so tests can share a cluster.</summary>
public sealed class Scenario(IGrainFactory grains, string? suffix = null)
{
    public static readonly TimeSpan Hanoi = WorldData.Hanoi;
    public const string Area = WorldData.Area;
    public const string Inside = WorldData.Inside;
    public const string Outside = WorldData.Outside;

    public string Suffix { get; } = suffix ?? Guid.NewGuid().ToString("N")[..8];

    /// <summary>The same ids on another cluster (after a restart).</summary>
    public Scenario On(IGrainFactory other) => new(other, Suffix);
    public string Gi => $"GI-{Suffix}";
    public Actor Authority { get; } = new("authority", [Role.Authority]);
    public Actor Producer { get; } = new("producer", [Role.Producer]);
    public Actor Inspector { get; } = new("inspector", [Role.Inspector]);

    /// <summary>Registers an organisation (as the system administrator) unless it exists; returns its actor.</summary>
    public async Task<Actor> Organisation(string id, params Role[] roles)
    {
        var org = grains.GetGrain<IOrganisationGrain>(id);
        if (await org.Get() is null) Ok(await org.Register(new RegisterOrganisation(id, roles), Actor.System));
        return new Actor(id, roles);
    }
    public IGrainFactory Grains => grains;

    /// <summary>Registers (as the administrator) the GS1 Company Prefix of <paramref name="gtin"/> — its nine digits after
    /// the indicator — to <paramref name="holder"/>, so it may put that GTIN on lots.</summary>
    public async Task HoldsPrefix(Actor holder, string gtin)
    {
        await Organisation(holder.Organisation, [.. holder.Roles ?? []]);
        var prefix = Nguon.Domain.Gtin.ToGtin14(gtin).Substring(1, 9);
        Ok(await grains.GetGrain<ICompanyPrefixGrain>(Nguon.Domain.Gtin.PrefixGroup(prefix))
            .Register(prefix, new RegisterPrefix(holder.Organisation, "GS1-TEST"), Actor.System));
    }

    public static DateTimeOffset At(int month, int day, int hour = 8) => new(2026, month, day, hour, 0, 0, Hanoi);

    public string Id(string name) => $"{name}-{Suffix}";
    public IBatchGrain Batch(string name) => grains.GetGrain<IBatchGrain>(Id(name));
    public IFarmGrain Farm(string name) => grains.GetGrain<IFarmGrain>(Id(name));
    public ICertificateGrain Certificate => grains.GetGrain<ICertificateGrain>(Gi);
    public ITraceGrain Trace => grains.GetGrain<ITraceGrain>(0);

    public async Task<Scenario> WithCertificate(decimal maxYield = 10_000m)
    {
        Ok(await Certificate.Register(WorldData.Certificate(maxYield), Authority));
        return this;
    }

    /// <summary>As a split of <paramref name="parent"/> into "c1" (600 kg) and "c2" (400 kg) leaves it when its first attempt
    /// died after creating "c1": the child points at a split event never written. Returns the split and its operation id,
    /// for the retry that completes it.</summary>
    public async Task<(SplitBatch Split, string OperationId)> SplitThatDiedAfterItsFirstChild(Batch parent)
    {
        var op = Guid.NewGuid().ToString("N");
        var at = At(6, 11, 7);
        var link = new ParentLink(parent.Code, new(600m, "kg"), 2, "never-written", parent.GiClaim);
        Ok(await Batch("c1").Create(new BatchCreation(op, "lychee", null, new(600m, "kg"), parent.GiClaim, parent.Custodian,
            new BatchOrigin(OriginKind.Split, null, null, [link], null), at, null, null, null, "ObjectEvent", "commissioning", [new QuantityLink(parent.Code, new(600m, "kg"))]), Producer));
        return (new SplitBatch(at, [new SplitPart(Id("c1"), new(600m, "kg")), new SplitPart(Id("c2"), new(400m, "kg"))]), op);
    }

    public async Task<IFarmGrain> AuthorisedFarm(string name, decimal areaHa = 1m, string location = Inside)
    {
        var farm = Farm(name);
        Ok(await farm.Register(WorldData.Farm(name, Producer.Organisation, location, areaHa), Authority));
        if (location == Inside) Ok(await farm.Authorise(WorldData.Authorisation(Gi), Authority));
        return farm;
    }

    public async Task<Batch> Harvest(string farm, string batch, decimal kg, bool claim = true) =>
        Ok(await Farm(farm).RecordHarvest(new RecordHarvest(Id(batch), "lychee", new Quantity(kg, "kg"), At(6, 10, 6), claim ? Gi : null),
            Producer));

    /// <summary><paramref name="from"/> ships batch <paramref name="batch"/> to <paramref name="to"/>, which receives it
    /// two hours later.</summary>
    public async Task ShipAndReceive(string batch, Actor from, Actor to, DateTimeOffset shipped)
    {
        Ok(await Batch(batch).RecordEvent(
            new RecordEvent("shipping", shipped, Destination: to.Organisation, Disposition: "in_transit"), from));
        Ok(await Batch(batch).RecordEvent(new RecordEvent("receiving", shipped.AddHours(2)), to));
    }

    /// <summary>Two authorised farms, two harvests merged into a packed lot, split into an export and a retail lot.</summary>
    public async Task<Scenario> WithChain()
    {
        await WithCertificate();
        await AuthorisedFarm("farm-a");
        await AuthorisedFarm("farm-b");
        await Harvest("farm-a", "h1", 1000m);
        await Harvest("farm-b", "h2", 600m);
        Ok(await Batch("packed").Combine(new CombineBatches(Id("packed"), At(6, 10, 12),
            [new(Id("h1"), new(1000m, "kg")), new(Id("h2"), new(500m, "kg"))]), Producer));
        Ok(await Batch("packed").RecordEvent(new RecordEvent("packing", At(6, 10, 14)), Producer));
        Ok(await Batch("packed").Split(new SplitBatch(At(6, 11, 7),
            [new SplitPart(Id("export"), new(900m, "kg")), new SplitPart(Id("retail"), new(0.5m, "t"))]), Producer));
        return this;
    }

    /// <summary>Deep equality through JSON (records holding lists compare lists by reference).</summary>
    public static void Same<T>(T expected, T actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));

    public static T Ok<T>(Outcome<T> outcome)
    {
        Assert.True(outcome.IsOk, $"expected success, got {outcome.Status}: {string.Join("; ", outcome.Violations)}");
        return outcome.Value!;
    }
}
