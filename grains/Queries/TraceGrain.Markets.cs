using Nguon.Domain;
using Nguon.Domain.Markets;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Queries;

/// <summary>Destination-market checks and dossiers: the documents attached along a chain, and the market's rule
/// set judged over the graph (Domain/Markets).</summary>
public sealed partial class TraceGrain
{
    public async Task<Outcome<DossierContent>> Dossier(string batchCode, string? market, Actor reader)
    {
        if (BadMarket(market) is { } bad) return bad.As<DossierContent>();
        if (await RefusedRoot(batchCode, reader) is { } refused) return refused.As<DossierContent>();
        var (graph, verification) = await Judge(batchCode, null, null, TraceLimits.MaxBatches, everyHead: true);
        if (verification is null) return graph.As<DossierContent>();
        var documents = await AttachedDocuments(graph.Value!, everySubject: true);
        verification = await WithMarketCheck(graph.Value!, verification, market ?? MarketCodes.Auto, documents);
        return Outcome<DossierContent>.Ok(new DossierContent(graph.Value!, verification, documents));
    }

    public async Task<Outcome<IReadOnlyList<SubjectDocuments>>> DossierDocuments(string batchCode, Actor reader)
    {
        var graph = await Backward(batchCode, reader);
        return graph.IsOk
            ? Outcome<IReadOnlyList<SubjectDocuments>>.Ok(await AttachedDocuments(graph.Value!, everySubject: true))
            : graph.As<IReadOnlyList<SubjectDocuments>>();
    }

    /// <summary>The market code's refusal (Domain/Markets/MarketCodes), if any.</summary>
    private static Outcome<bool>? BadMarket(string? market) =>
        MarketCodes.Check(market) is { } bad ? Outcome<bool>.Rejected([bad]) : null;

    private async Task<Verification> WithMarketCheck(
        ProvenanceGraph graph, Verification verification, string market, IReadOnlyList<SubjectDocuments>? documents = null)
    {
        var rules = market == MarketCodes.Auto ? await BoundFor(graph) : MarketRuleSet.For(market);
        if (rules is null) return verification;
        documents ??= await AttachedDocuments(graph, everySubject: false);
        return verification with { Market = MarketRules.Evaluate(rules, graph, documents, clock.GetUtcNow()) };
    }

    /// <summary>The rule set of the country the lot is shipped to (or, once received, held in), if there is one.</summary>
    private async Task<MarketRuleSet?> BoundFor(ProvenanceGraph graph)
    {
        var root = graph.Batches.First(n => n.Batch.Code == graph.Root).Batch;
        var organisation = await grains.GetGrain<IOrganisationGrain>(root.Destination ?? root.Custodian).Get();
        return MarketRuleSet.For(organisation?.Country);
    }

    /// <summary>Documents attached to the chain's batches (and, for a dossier, its farms and certificates too).</summary>
    private async Task<IReadOnlyList<SubjectDocuments>> AttachedDocuments(ProvenanceGraph graph, bool everySubject)
    {
        var subjects = graph.Batches.Select(n => (DocumentSubjectKind.Batch, n.Batch.Code)).ToList();
        if (everySubject)
        {
            subjects.AddRange(graph.Farms.Select(f => (DocumentSubjectKind.Farm, f.Code)));
            subjects.AddRange(graph.Certificates.Select(c => (DocumentSubjectKind.Certificate, c.Number)));
        }
        var lists = await Fanout.Map(subjects, s => grains.GetGrain<IDocumentGrain>(DocumentRules.Key(s.Item1, s.Item2)).GetAll());
        return [.. subjects.Select((s, i) => new SubjectDocuments(s.Item1, s.Item2, lists[i])).Where(d => d.Documents.Count > 0)];
    }
}
