using Nguon.Batches;
using Nguon.Certificates;
using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Domain.Certificates;
using Nguon.Domain.Farms;
using Nguon.Farms;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Silo.Hosting;

/// <summary>The small chain the start-up warm-up traces (<see cref="StartupWarmUp"/>): a GI certificate, a farm
/// authorised for it, <see cref="Harvests"/> and their merge, made by the same pure decisions and sealed by the same key as real
/// records, and held in memory only (<see cref="WarmUpGrainStorage"/>). Every key starts with <see cref="Prefix"/>:
/// '~' is in no valid id (<see cref="Ids.IsValid"/>), so no request can name these grains, and no stored row can be
/// one of them.</summary>
public static class WarmUpChain
{
    public const string Prefix = "~warm-up-";
    public const string Gi = Prefix + "gi";
    public const string Farm = Prefix + "farm";
    public const string Merge = Prefix + "merge";

    /// <summary>As many harvests as one fan-out of a trace reads at once, so the warm-up runs the walk's, the verifier's
    /// and the serializer's code at the width a real trace does (with two harvests, the first real 253-batch trace after
    /// a restart still took 2–8× the warm one).</summary>
    public static readonly IReadOnlyList<string> Harvests =
        [.. Enumerable.Range(1, Infrastructure.Fanout.DefaultLimit).Select(i => $"{Prefix}harvest-{i}")];

    public static bool IsWarmUpKey(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The grains' stored states, as the grains themselves would have written them.</summary>
    /// <exception cref="InvalidOperationException">A decision refused the chain (the rules changed under it).</exception>
    public static IReadOnlyDictionary<GrainId, object> States(IRecordSigner signer, DateTimeOffset now)
    {
        var authority = new Actor(Prefix + "authority", [Role.Authority]);
        var producer = new Actor(Prefix + "producer", [Role.Producer]);
        var since = now.AddYears(-1);

        var certificate = CertificateDecisions.Register([], Gi, new RegisterCertificate(
            new LocalizedText("Vải thiều (khởi động)", "Lychee (warm-up)"), "lychee", [], authority.Organisation,
            """{"type":"Polygon","coordinates":[[[106.4,21.2],[106.7,21.2],[106.7,21.5],[106.4,21.5],[106.4,21.2]]]}""",
            since, new Specification(10_000m)), authority, since, replay: false);
        List<CertificateEntry> certificateLog = [Decided(certificate).Entry!];
        var registered = FarmDecisions.Register([], Farm, new RegisterFarm("Warm-up farm", producer.Organisation,
            // A plot, as farms register them: a point's check inside the GI area would leave the polygon's code uncompiled.
            new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"),
            """{"type":"Polygon","coordinates":[[[106.52,21.33],[106.521,21.33],[106.521,21.331],[106.52,21.331],[106.52,21.33]]]}""",
            2m, ["lychee"]),
            producer, since, replay: false);
        List<FarmEntry> farmLog = [Decided(registered).Entry!];
        var authorised = FarmDecisions.Authorise(farmLog, Farm, new AuthoriseFarm(Gi, since, "warm-up"),
            CertificateChain.Fold(Gi, certificateLog), authority, since, replay: false);
        farmLog.Add(Decided(authorised).Entry!);

        var harvestedAt = now.AddHours(-2);
        var harvests = Harvests.Select(code => Opened(code, new BatchCreation(Prefix + "op-" + code, "lychee", null,
            new Quantity(10m, "kg"), Gi, producer.Organisation,
            new BatchOrigin(OriginKind.Harvest, Farm, GiRules.SeasonOf(harvestedAt), [], null), harvestedAt, Farm, null, null,
            EventTypes.Object, BizStep.Commissioning, []), producer, now)).ToList();
        var mergedAt = now.AddHours(-1);
        var takes = harvests.Select(h => CombineDecisions.Commit(h.Header, 10m, new Quantity(10m, "kg"), Merge, OriginKind.Merge,
            mergedAt, producer, now, Prefix + "take-" + h.Header.Code)).ToList();
        var command = new CombineBatches(Merge, mergedAt, [.. Harvests.Select(h => new QuantityLink(h, new Quantity(10m, "kg")))]);
        var plan = CombineDecisions.Output(Merge, command, Prefix + "op-merge", [.. takes.Select(t => Outcome<Batch>.Ok(t.Header))]);
        if (!plan.IsOk) throw Refused("the merge", plan.Violations);
        var merge = Opened(Merge, plan.Value!.WithParents([.. takes.Select(t => t.Link)]), producer, now);

        var states = new Dictionary<GrainId, object>
        {
            [GrainId.Create("certificate", Gi)] = new CertificateState
            {
                Log = certificateLog, HeadSignature = signer.SignHead(CertificateChain.Head(Gi, certificateLog)),
            },
            [GrainId.Create("farm", Farm)] = new FarmState
            {
                Log = farmLog, HeadSignature = signer.SignHead(FarmChain.Head(Farm, farmLog)),
            },
            [GrainId.Create("batch", Merge)] = Stored(merge.Header, merge.CreatedAt, [merge.First], signer),
        };
        for (var i = 0; i < harvests.Count; i++)
        {
            states[GrainId.Create("batch", Harvests[i])] =
                Stored(takes[i].Header, harvests[i].CreatedAt, [harvests[i].First, takes[i].Event], signer);
        }
        return states;
    }

    private static (Batch Header, BatchEvent First, DateTimeOffset CreatedAt) Opened(string code, BatchCreation creation, Actor actor,
        DateTimeOffset now)
    {
        var opened = BatchDecisions.Create(code, creation, actor, now, labelHolder: null, Prefix + "event-" + code);
        if (!opened.IsOk) throw Refused(code, opened.Violations);
        return (opened.Value!.Header, opened.Value.First, creation.EventTime);
    }

    /// <summary>A batch's row as its grain writes it, with the log's confirmation up to its head: activating it hands
    /// nothing to the transparency log.</summary>
    private static BatchState Stored(Batch header, DateTimeOffset createdAt, List<BatchEvent> events, IRecordSigner signer) => new()
    {
        Batch = header,
        CreatedEventTime = createdAt,
        OpenPage = events,
        HeadSignature = signer.SignHead(new ChainHead(RecordKind.Batch, header.Code, header.EventCount, header.HeadHash)),
        LoggedThrough = header.EventCount,
    };

    private static Logged<TRecord, TEntry> Decided<TRecord, TEntry>(Outcome<Change<Logged<TRecord, TEntry>>> decided)
        where TEntry : class => decided.IsOk ? decided.Value!.Value : throw Refused(typeof(TRecord).Name, decided.Violations);

    private static InvalidOperationException Refused(string what, IEnumerable<Violation> why) =>
        new($"warm-up chain: {what} refused: {string.Join("; ", why.Select(v => v.Message))}");
}
