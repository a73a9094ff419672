using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Domain.Organisations;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>Who may read is decided inside the grains, not only at the HTTP edge: each read path called straight
/// on the TestingHost refuses a stranger (Forbidden, auth.forbidden, no data) and answers a reader with rights.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class ReadPermissionTests(MemoryClusterFixture fixture)
{
    /// <summary>An operator with no custody of anything in the scenario.</summary>
    private static readonly Actor Stranger = new("stranger-operator", [Role.Operator]);

    private static void Refused<T>(Outcome<T> outcome)
    {
        Assert.Equal(OutcomeStatus.Forbidden, outcome.Status);
        var reason = Assert.Single(outcome.Violations);
        Assert.Equal(Permissions.Rule, reason.Rule);
        Assert.StartsWith(Stranger.Organisation + " may not read", reason.Message, StringComparison.Ordinal);
        Assert.Null(outcome.Value);
    }

    private const string Gtin = "08930000000019";

    private async Task<Scenario> Chain() => await new Scenario(fixture.Grains).WithChain();

    private static DocumentInfo Document(string name) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))), 10,
            "application/pdf", $"{name}.pdf", "phytosanitary-certificate", "whoever", Scenario.At(6, 12));

    [Fact]
    public async Task Batch_record()
    {
        var s = await Chain();
        Refused(await s.Batch("export").Get(Stranger));
        Assert.Equal(s.Id("export"), Scenario.Ok(await s.Batch("export").Get(s.Producer)).Code);
        Assert.Equal(s.Id("export"), Scenario.Ok(await s.Batch("export").Get(s.Inspector)).Code);
        // An unknown batch is NotFound for anyone, not Forbidden.
        Assert.Equal(OutcomeStatus.NotFound, (await s.Batch("nothing").Get(Stranger)).Status);
    }

    /// <summary>Issue 14: an organisation reads the lots it held. The producer's harvest lot, received by the packer, is
    /// still the producer's to read (record, events, trace, verification), never to write; a stranger reads none of it.</summary>
    [Fact]
    public async Task A_producer_reads_its_harvest_lot_after_the_packer_received_it()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate();
        await s.AuthorisedFarm("farm");
        await s.Harvest("farm", "lot", 100m);
        var packer = await s.Organisation($"packer-{s.Suffix}", Role.Operator);
        await s.ShipAndReceive("lot", s.Producer, packer, Scenario.At(6, 10, 9));

        var lot = Scenario.Ok(await s.Batch("lot").Get(s.Producer));
        Assert.Equal((packer.Organisation, s.Producer.Organisation), (lot.Custodian, Assert.Single(lot.FormerCustodians!)));
        Assert.Equal(3, Scenario.Ok(await s.Batch("lot").GetEvents(s.Producer)).Count);
        Assert.Single(Scenario.Ok(await s.Trace.Backward(s.Id("lot"), s.Producer)).Batches);
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("lot"), null, s.Producer)).Verdict);
        Refused(await s.Batch("lot").Get(Stranger));
        Refused(await s.Batch("lot").GetEvents(Stranger));
        Refused(await s.Trace.Backward(s.Id("lot"), Stranger));

        // Reading only: the packer holds it now.
        var storing = await s.Batch("lot").RecordEvent(new RecordEvent("storing", Scenario.At(6, 10, 12)), s.Producer);
        Assert.Equal(OutcomeStatus.Forbidden, storing.Status);
        // The grain's header is what its events make it.
        var node = (await s.Batch("lot").GetNode())!;
        Assert.Empty(BatchRecord.Disagreements(node.Batch, BatchRecord.Replay(node.Batch, node.Events)));
    }

    [Fact]
    public async Task Batch_events()
    {
        var s = await Chain();
        Refused(await s.Batch("packed").GetEvents(Stranger));
        Assert.Contains(Scenario.Ok(await s.Batch("packed").GetEvents(s.Producer)), e => e.BizStep == "packing");
    }

    [Fact]
    public async Task Farm()
    {
        var s = await Chain();
        Refused(await s.Farm("farm-a").Get(Stranger));
        Assert.Equal(1000m, Assert.Single(Scenario.Ok(await s.Farm("farm-a").Get(s.Producer)).Seasons).HarvestedKg);
        Assert.Equal(OutcomeStatus.NotFound, (await s.Farm("no-farm").Get(s.Inspector)).Status);
    }

    [Fact]
    public async Task Farm_season_ledger()
    {
        var s = await Chain();
        Refused(await s.Farm("farm-a").GetSeason("2026", Stranger));
        var ledger = Scenario.Ok(await s.Farm("farm-a").GetSeason("2026", s.Inspector));
        Assert.Equal([s.Id("h1")], ledger.Batches);
    }

    [Fact]
    public async Task Backward_trace()
    {
        var s = await Chain();
        Refused(await s.Trace.Backward(s.Id("retail"), Stranger));
        var graph = Scenario.Ok(await s.Trace.Backward(s.Id("retail"), s.Producer));
        Assert.Equal(new[] { "retail", "packed", "h1", "h2" }.Select(s.Id).Order(), graph.Batches.Select(b => b.Batch.Code).Order());
    }

    [Fact]
    public async Task Descendants()
    {
        var s = await Chain();
        Refused(await s.Trace.Forward(s.Id("h1"), Stranger));
        Assert.Contains(Scenario.Ok(await s.Trace.Forward(s.Id("h1"), s.Producer)).Batches, b => b.Code == s.Id("retail"));
    }

    [Fact]
    public async Task Recall_scope()
    {
        var s = await Chain();
        Refused(await s.Trace.RecallScope(s.Id("farm-b"), "2026", Stranger));
        Assert.Contains(Scenario.Ok(await s.Trace.RecallScope(s.Id("farm-b"), "2026", s.Inspector)).Batches, b => b.Code == s.Id("export"));
    }

    [Fact]
    public async Task Full_verification()
    {
        var s = await Chain();
        Refused(await s.Trace.Verify(s.Id("retail"), null, Stranger));
        Refused(await s.Trace.VerifyForMarket(s.Id("retail"), null, "JP", Stranger));
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.VerifyForMarket(s.Id("retail"), null, "JP", s.Producer)).Verdict);
        // The public projection needs no reader.
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.VerifyPublic(s.Id("retail"), null)).Verdict);
    }

    [Fact]
    public async Task A_bad_market_code_is_refused_as_a_market_code()
    {
        var s = await Chain();
        var refused = await s.Trace.VerifyForMarket(s.Id("retail"), null, "J P!", s.Inspector);
        Assert.Equal(OutcomeStatus.Rejected, refused.Status);
        var reason = Assert.Single(refused.Violations);
        Assert.Equal("input.market", reason.Rule);
        Assert.Equal("'J P!' is not a market code such as JP", reason.Message);
        Assert.Equal("input.market", Assert.Single((await s.Trace.Dossier(s.Id("retail"), "J P!", s.Inspector)).Violations).Rule);
        Assert.Equal("input.id", Assert.Single((await s.Trace.Verify(s.Id("retail"), "G I!", s.Inspector)).Violations).Rule);
    }

    [Fact]
    public async Task Dossier()
    {
        var s = await Chain();
        Refused(await s.Trace.Dossier(s.Id("export"), null, Stranger));
        var dossier = Scenario.Ok(await s.Trace.Dossier(s.Id("export"), null, s.Producer));
        Assert.Equal(s.Id("export"), dossier.Graph.Root);
    }

    [Fact]
    public async Task Dossier_documents_reach_the_root_s_reader_through_ancestors_it_may_not_read()
    {
        var s = await Chain();
        var evidence = Document("fumigation-h1");
        var onParent = fixture.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Batch, s.Id("packed")));
        Scenario.Ok(await onParent.Attach(evidence, s.Producer));
        var importer = await s.Organisation($"importer-{s.Suffix}", Role.Operator);
        Scenario.Ok(await s.Batch("export").RecordEvent(
            new RecordEvent("shipping", Scenario.At(6, 12), Destination: importer.Organisation, Disposition: "in_transit"), s.Producer));

        Refused(await s.Trace.DossierDocuments(s.Id("export"), Stranger));
        var listed = Scenario.Ok(await s.Trace.DossierDocuments(s.Id("export"), importer));
        Assert.Contains(listed.SelectMany(d => d.Documents), d => d.Sha256 == evidence.Sha256);
        // The importer reads the parent's evidence through the lot's dossier, not the parent's record.
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Batch("packed").Get(importer)).Status);
    }

    [Fact]
    public async Task Documents_list()
    {
        var s = await Chain();
        var documents = fixture.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Farm, s.Id("farm-a")));
        Scenario.Ok(await documents.Attach(Document("soil-test"), s.Producer));
        Refused(await documents.List(Stranger));
        Refused(await documents.Find(Document("soil-test").Sha256, Stranger));
        Assert.Single(Scenario.Ok(await documents.List(s.Inspector)));
    }

    [Fact]
    public async Task Chain_view_data()
    {
        var s = await Chain();
        Refused(await s.Trace.ChainView(s.Id("retail"), Stranger));
        var view = Scenario.Ok(await s.Trace.ChainView(s.Id("retail"), s.Inspector));
        Assert.Equal(view.Graph.RootHash, view.Verification.RootHash);
        Assert.Equal(Verdict.Verified, view.Verification.Verdict);
    }

    [Fact]
    public async Task Audit_trail()
    {
        var s = new Scenario(fixture.Grains);
        var organisation = $"audited-{s.Suffix}";
        var shard = fixture.Grains.GetGrain<IAuditLogGrain>(AuditRules.Key(organisation, AuditRules.Day(DateTimeOffset.UtcNow), 3));
        var entry = new AuditEntry(DateTimeOffset.UtcNow, organisation, "key-1", "POST", "/api/batches/x/events", 201, null);
        await shard.Append(entry);

        Refused(await shard.Read(Stranger));
        Assert.Equal(entry, Assert.Single(Scenario.Ok(await shard.Read(new Actor(organisation, [Role.Operator])))));
        Assert.Single(Scenario.Ok(await shard.Read(s.Inspector)));
    }

    [Fact]
    public async Task Labels_are_a_public_projection_that_needs_no_reader()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate();
        await s.AuthorisedFarm("farm");
        await s.HoldsPrefix(s.Producer, Gtin);
        var harvest = new RecordHarvest(s.Id("labelled"), "lychee", new(10m, "kg"), Scenario.At(6, 10, 6), s.Gi, Gtin, $"L{s.Suffix}");
        Scenario.Ok(await s.Farm("farm").RecordHarvest(harvest, s.Producer));
        var label = Scenario.Ok(await s.Batch("labelled").GetLabel());
        Assert.Equal((s.Gi, "Vải thiều Lục Ngạn", $"L{s.Suffix}"), (label.GiNumber, label.GiName!.Vi, label.Lot));
        await s.Harvest("farm", "plain", 5m);
        Assert.Equal("label.no-gtin", Assert.Single((await s.Batch("plain").GetLabel()).Violations).Rule);
        Assert.Equal(OutcomeStatus.NotFound, (await s.Batch("nothing").GetLabel()).Status);
    }
}
