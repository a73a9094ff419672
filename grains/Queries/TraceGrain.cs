using System.Diagnostics;
using Nguon.Domain;
using Nguon.Domain.Certificates;
using Nguon.Domain.Farms;
using Nguon.Domain.Log;
using Nguon.Domain.Markets;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Model;
using Nguon.Telemetry;
using Orleans.Concurrency;

namespace Nguon.Queries;

/// <summary>Traces and verification. A stateless worker so every silo answers locally and no single activation
/// becomes a hot spot; it walks the graph level by level, fetching each level with one bounded fan-out.</summary>
/// <remarks>Each query checks its reader on the root (Permissions.ReadTrace / ReadFarm), then walks with the
/// grains' internal reads (GetNode, GetRecord, GetProfile, GetAll): the chain is part of what the root's reader
/// receives.</remarks>
[StatelessWorker]
[GrainType("trace")]
public sealed partial class TraceGrain(IGrainFactory grains, IRecordSigner signer, TimeProvider clock) : Grain, ITraceGrain
{
    public async Task<Outcome<ProvenanceGraph>> Backward(string batchCode, Actor reader) =>
        await RefusedRoot(batchCode, reader) is { } refused ? refused.As<ProvenanceGraph>()
            : await Backward(batchCode, alsoGi: null, TraceLimits.MaxBatches);

    public async Task<Outcome<CheckedGraph>> ChainView(string batchCode, Actor reader)
    {
        if (await RefusedRoot(batchCode, reader) is { } refused) return refused.As<CheckedGraph>();
        var graph = await Backward(batchCode, alsoGi: null, TraceLimits.MaxBatches);
        // The verdict is the pure rule over the graph just read: one walk, and not counted as a verification.
        return graph.IsOk
            ? Outcome<CheckedGraph>.Ok(new CheckedGraph(graph.Value!,
                ChainVerifier.Verify(graph.Value!, signer.HeadCheck(), clock.GetUtcNow())))
            : graph.As<CheckedGraph>();
    }

    /// <summary>Null when the root batch exists and <paramref name="reader"/> may read traces rooted at it.</summary>
    private async Task<Outcome<Batch>?> RefusedRoot(string batchCode, Actor reader)
    {
        var root = await grains.GetGrain<IBatchGrain>(batchCode).GetRecord();
        var read = Permissions.Read(root, Unknown.Batch(batchCode), b => Permissions.ReadTrace(reader, b));
        return read.IsOk ? null : read;
    }

    /// <param name="maxBatches">The size cap: <see cref="TraceLimits.MaxBatches"/>, or the public one for an anonymous caller.</param>
    private async Task<Outcome<ProvenanceGraph>> Backward(string batchCode, string? alsoGi, int maxBatches)
    {
        using var activity = NguonTelemetry.Source.StartActivity("nguon.trace.backward");
        activity?.SetTag("nguon.batch", batchCode);
        var started = Stopwatch.GetTimestamp();
        var result = await Walk(batchCode, alsoGi, maxBatches);
        // Only what requests can ask for is counted: an id no request can carry (the start-up warm-up's) is not.
        if (result.Value is { } graph && Ids.IsValid(batchCode))
        {
            activity?.SetTag("nguon.trace.batches", graph.Batches.Count);
            NguonTelemetry.TraceBatches.Record(graph.Batches.Count);
            NguonTelemetry.TraceDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return result;
    }

    /// <summary>Level by level up the parents, one bounded fan-out per level, refused (TraceLimits) as soon as the next
    /// level would be too deep or the graph too large: the work stays bounded whatever the chain.</summary>
    private async Task<Outcome<ProvenanceGraph>> Walk(string batchCode, string? alsoGi, int maxBatches)
    {
        var nodes = new Dictionary<string, BatchNode>(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new List<string> { batchCode };
        for (var depth = 0; frontier.Count > 0; depth++)
        {
            if (TraceLimits.Check(batchCode, TraceLimits.Direction.Ancestry, depth, nodes.Count + frontier.Count, maxBatches) is { } cap)
                return Outcome<ProvenanceGraph>.Rejected([cap]);
            var fetched = await Fanout.Map(frontier, code => grains.GetGrain<IBatchGrain>(code).GetNode());
            var next = new List<string>();
            for (var i = 0; i < frontier.Count; i++)
            {
                if (fetched[i] is not { } node) { missing.Add(frontier[i]); continue; }
                nodes[frontier[i]] = node;
                next.AddRange(node.Batch.Origin.Parents.Select(p => p.Batch));
            }
            frontier = [.. next.Distinct(StringComparer.Ordinal).Where(c => !nodes.ContainsKey(c) && !missing.Contains(c))];
        }
        if (!nodes.ContainsKey(batchCode)) return Refusal.NotFound<ProvenanceGraph>(Unknown.Batch(batchCode));

        var batches = nodes.Values.Select(n => n.Batch).ToList();
        var farmCodes = batches.Select(b => b.Origin.Farm).OfType<string>().Distinct().ToList();
        var giNumbers = batches.Select(b => b.GiClaim).Append(alsoGi).OfType<string>().Distinct().ToList();
        var farmsTask = Fanout.Map(farmCodes, f => grains.GetGrain<IFarmGrain>(f).GetLog());
        var certsTask = Fanout.Map(giNumbers, g => grains.GetGrain<ICertificateGrain>(g).GetLog());
        await Task.WhenAll(farmsTask, certsTask);
        var farmLogs = farmsTask.Result.OfType<FarmLog>().ToList();
        var certLogs = certsTask.Result.OfType<CertificateLog>().ToList();
        var hashes = MerkleDag.NodeHashes(batchCode, batches.ToDictionary(b => b.Code, StringComparer.Ordinal));
        // Root first, then ancestors in the order found: stable output for people and tests. Farms and certificates
        // are what their logs make them (the logs travel with them, for the verifier to recompute).
        return Outcome<ProvenanceGraph>.Ok(new ProvenanceGraph(batchCode, hashes[batchCode], [.. nodes.Values],
            [.. farmLogs.Select(l => FarmChain.Fold(l.Code, l.Entries)).OfType<Farm>()],
            [.. certLogs.Select(l => CertificateChain.Fold(l.Number, l.Entries)).OfType<Certificate>()], [.. missing], farmLogs, certLogs));
    }

    public Task<Outcome<Verification>> Verify(string batchCode, string? claimedGi, Actor reader) =>
        VerifyForMarket(batchCode, claimedGi, null, reader);

    public async Task<Outcome<Verification>> VerifyForMarket(string batchCode, string? claimedGi, string? market, Actor reader)
    {
        if ((BadClaim(claimedGi) ?? BadMarket(market)) is { } bad) return bad.As<Verification>();
        if (await RefusedRoot(batchCode, reader) is { } refused) return refused.As<Verification>();
        var (graph, verification) = await Judge(batchCode, claimedGi, market ?? MarketCodes.Auto, TraceLimits.MaxBatches, everyHead: true);
        return verification is null ? graph.As<Verification>() : Outcome<Verification>.Ok(verification);
    }

    public async Task<Outcome<PublicVerification>> VerifyPublic(string batchCode, string? claimedGi)
    {
        if (BadClaim(claimedGi) is { } bad) return bad.As<PublicVerification>();
        // Anonymous: the smaller size cap, so no caller without a key makes a silo do more than a bounded amount of work.
        var (graph, verification) = await Judge(batchCode, claimedGi, null, TraceLimits.MaxPublicBatches, everyHead: false);
        return verification is null
            ? graph.As<PublicVerification>()
            : Outcome<PublicVerification>.Ok(PublicProjection.Of(graph.Value!, verification));
    }

    internal static Outcome<bool>? BadClaim(string? claimedGi) =>
        claimedGi is not null && InputRules.Id(claimedGi, "GI number") is { } bad ? Outcome<bool>.Rejected([bad]) : null;

    /// <param name="market">A market code, <see cref="MarketCodes.Auto"/>, or null for no market check (the public view).</param>
    /// <param name="everyHead">Check every record's head against the transparency log's index (inspectors, dossiers);
    /// otherwise only the farms' and certificates' (a public scan reads one index entry per farm and certificate, not
    /// one per ancestor).</param>
    private async Task<(Outcome<ProvenanceGraph> Graph, Verification? Verification)> Judge(
        string batchCode, string? claimedGi, string? market, int maxBatches, bool everyHead)
    {
        using var activity = NguonTelemetry.Source.StartActivity("nguon.verify");
        activity?.SetTag("nguon.batch", batchCode);
        var started = Stopwatch.GetTimestamp();
        var graph = await Backward(batchCode, claimedGi, maxBatches);
        if (!graph.IsOk) return (graph, null);
        var heads = LogRollback.Heads(graph.Value!, batches: everyHead);
        var logged = await Fanout.Map(heads,
            h => grains.GetGrain<ILogRecordIndexGrain>(LogPages.RecordKey(LogLeaf.RecordOf(h.Kind, h.Id))).Get());
        var verification = ChainVerifier.Verify(graph.Value!, signer.HeadCheck(), clock.GetUtcNow(), claimedGi,
            LogRollback.Check(heads, logged));
        if (market is not null) verification = await WithMarketCheck(graph.Value!, verification, market);
        var verdict = verification.Verdict.ToString().ToLowerInvariant();
        activity?.SetTag("nguon.gi", verification.GiClaim);
        activity?.SetTag("nguon.verdict", verdict);
        if (!Ids.IsValid(batchCode)) return (graph, verification); // not counted, as in Backward
        NguonTelemetry.Verifications.Add(1, new KeyValuePair<string, object?>("verdict", verdict));
        foreach (var rule in verification.Reasons.Select(r => r.Rule).Distinct())
            NguonTelemetry.VerificationReasons.Add(1, new KeyValuePair<string, object?>("rule", rule));
        NguonTelemetry.VerifyDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (graph, verification);
    }

    public async Task<Outcome<DescendantGraph>> Forward(string batchCode, Actor reader) =>
        await RefusedRoot(batchCode, reader) is { } refused ? refused.As<DescendantGraph>() : await Descendants([batchCode], batchCode);

    public async Task<Outcome<DescendantGraph>> RecallScope(string farmCode, string season, Actor reader)
    {
        var farm = await grains.GetGrain<IFarmGrain>(farmCode).GetProfile();
        var read = Permissions.Read(farm, Unknown.Farm(farmCode), f => Permissions.ReadFarm(reader, f));
        if (!read.IsOk) return read.As<DescendantGraph>();
        var ledger = await grains.GetGrain<IFarmSeasonGrain>(Farms.FarmGrain.SeasonKey(farmCode, season)).GetLedger();
        return await Descendants(ledger.Batches, $"farm {farmCode} in season {season}");
    }

    private Task<Outcome<DescendantGraph>> Descendants(IReadOnlyList<string> starts, string from) =>
        DescendantWalk.Run(grains, starts, from);
}
