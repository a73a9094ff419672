using Nguon.Domain;
using Nguon.Domain.Epcis;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Silo.Epcis;

/// <summary>Loads what a document's commands read (<see cref="CheckNeeds"/>) with read-only grain calls, a bounded fan-out per
/// kind, all kinds at once: the labels first (they resolve lots named by GTIN + lot), then everything else.</summary>
public sealed class LoadedWorld(IGrainFactory grains)
{
    /// <summary>The batch each label names, by label key (labels no batch holds are left out).</summary>
    public async Task<Dictionary<string, string>> Labels(IReadOnlyList<string> labelKeys)
    {
        var holders = await Fanout.Map(labelKeys, k => grains.GetGrain<ILabelGrain>(k).Get());
        return labelKeys.Zip(holders).Where(h => h.Second is not null).ToDictionary(h => h.First, h => h.Second!, StringComparer.Ordinal);
    }

    /// <param name="labels">Label holders loaded already (by <see cref="Labels"/>); the commands' other labels are loaded.</param>
    public async Task<CheckWorld> Load(IReadOnlyList<EpcisMeaning> commands, IReadOnlyList<string> operationIds, Actor actor,
        IReadOnlyDictionary<string, string> labels, IReadOnlySet<string> labelsLoaded)
    {
        var world = new CheckWorld();
        foreach (var (key, holder) in labels) world.LabelHolders[key] = holder;
        var more = await Labels([.. CheckNeeds.LabelKeys(commands).Where(k => !labelsLoaded.Contains(k))]);
        foreach (var (key, holder) in more) world.LabelHolders[key] = holder;

        var needs = CheckNeeds.Of(commands, operationIds, world);
        var batchCodes = needs.Batches.Keys.ToList();
        var batches = Fanout.Map(batchCodes, c => grains.GetGrain<IBatchGrain>(c).GetCheckState(needs.Batches[c]));
        var farms = Fanout.Map(needs.Farms, f => grains.GetGrain<IFarmGrain>(f).GetProfile());
        var seasons = Fanout.Map(needs.Seasons,
            s => grains.GetGrain<IFarmSeasonGrain>(EpcisDocumentCheck.FarmSeasonKey(s.Farm, s.Season)).GetLedger());
        var certificates = Fanout.Map(needs.Certificates, c => grains.GetGrain<ICertificateGrain>(c).Get());
        var prefixes = CompanyPrefixes.Of(grains, needs.Gtins);
        var spaces = CodeSpaceHolders.Of(grains, actor, needs.NewCodes);
        var organisations = Fanout.Map(needs.Organisations, o => grains.GetGrain<IOrganisationGrain>(o).Get());
        var documents = Fanout.Map(needs.DocumentBatches,
            b => grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Batch, b)).GetAll());
        await Task.WhenAll(batches, farms, seasons, certificates, prefixes, spaces, organisations, documents);

        foreach (var (code, state) in batchCodes.Zip(batches.Result))
            if (state is not null) world.Batches[code] = state;
        foreach (var (code, farm) in needs.Farms.Zip(farms.Result))
            if (farm is not null) world.Farms[code] = farm;
        foreach (var (key, ledger) in needs.Seasons.Zip(seasons.Result))
            world.Seasons[EpcisDocumentCheck.FarmSeasonKey(key.Farm, key.Season)] = ledger;
        foreach (var (number, cert) in needs.Certificates.Zip(certificates.Result))
            if (cert is not null) world.Certificates[number] = cert;
        foreach (var (gtin, prefix) in prefixes.Result) world.Prefixes[gtin] = prefix;
        foreach (var (space, holder) in spaces.Result) world.CodeSpaceHolders[space] = holder;
        foreach (var (id, organisation) in needs.Organisations.Zip(organisations.Result))
            if (organisation is not null) world.Organisations.Add(id);
        foreach (var (batch, attached) in needs.DocumentBatches.Zip(documents.Result))
            world.Attached[batch] = attached.Select(d => d.Sha256.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return world;
    }
}
