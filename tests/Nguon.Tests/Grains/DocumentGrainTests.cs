using Nguon.Domain;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>Document references per subject on the TestingHost: bounded, permission-checked, idempotent; and the
/// trace grain's market check picks the destination's rule set and sees attached documents.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class DocumentGrainTests(MemoryClusterFixture fixture)
{
    private static DocumentInfo Document(int n, string? type = null) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(n))), 100 + n, "application/pdf", $"doc-{n}.pdf", type, "whoever", Scenario.At(6, 12));

    [Fact]
    public async Task A_subject_keeps_at_most_its_cap_of_documents_and_refuses_beyond_with_a_clear_reason()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var documents = fixture.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Batch, s.Id("export")));

        for (var i = 0; i < DocumentRules.MaxPerSubject; i++)
            Scenario.Ok(await documents.Attach(Document(i), s.Producer));
        var refused = await documents.Attach(Document(DocumentRules.MaxPerSubject), s.Producer);

        Assert.Equal(OutcomeStatus.Rejected, refused.Status);
        Assert.Equal("document.too-many", Assert.Single(refused.Violations).Rule);
        Assert.Equal(OutcomeStatus.Rejected, (await documents.CanAttach(s.Producer)).Status);
        Assert.Equal(DocumentRules.MaxPerSubject, Scenario.Ok(await documents.List(s.Inspector)).Count);
        // Attaching a document already there is a retry, not a new entry, even at the cap.
        Assert.Equal(Document(3).Sha256, Scenario.Ok(await documents.Attach(Document(3), s.Producer)).Sha256);
    }

    [Fact]
    public async Task The_uploader_is_the_acting_organisation_and_others_are_refused()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var documents = fixture.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Batch, s.Id("export")));
        var stranger = new Actor("stranger", [Role.Operator]);

        Assert.Equal(s.Inspector.Organisation, Scenario.Ok(await documents.Attach(Document(1, "phytosanitary-certificate"), s.Inspector)).Uploader);
        Assert.Equal(OutcomeStatus.Forbidden, (await documents.Attach(Document(2), stranger)).Status);
        Assert.Equal(OutcomeStatus.Forbidden, (await documents.List(stranger)).Status);
        Assert.Equal(OutcomeStatus.Forbidden, (await documents.Find(Document(1).Sha256, stranger)).Status);
        Assert.Single(Scenario.Ok(await documents.List(s.Producer)));
        var certificate = fixture.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Certificate, s.Gi));
        Assert.Equal(OutcomeStatus.Forbidden, (await certificate.Attach(Document(3), s.Producer)).Status);
        Scenario.Ok(await certificate.Attach(Document(3), s.Authority));
        var unknown = fixture.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Batch, s.Id("nothing")));
        Assert.Equal(OutcomeStatus.NotFound, (await unknown.Attach(Document(4), s.Inspector)).Status);
    }

    [Fact]
    public async Task A_lot_shipped_to_a_Japanese_organisation_is_judged_by_Japan_s_rules_and_a_domestic_one_is_not()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var japanese = fixture.Grains.GetGrain<IOrganisationGrain>($"jpx-{s.Suffix}");
        Scenario.Ok(await japanese.Register(new RegisterOrganisation("Tokyo importer", [Role.Operator], Country: "JP"), Actor.System));

        Assert.Null(Scenario.Ok(await s.Trace.Verify(s.Id("export"), null, s.Inspector)).Market);
        Scenario.Ok(await s.Batch("export").RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12), Destination: $"jpx-{s.Suffix}", Disposition: "in_transit"), s.Producer));

        var market = Scenario.Ok(await s.Trace.Verify(s.Id("export"), null, s.Inspector)).Market;
        Assert.NotNull(market);
        Assert.Equal("JP", market.Market);
        Assert.False(market.Passed);
        Assert.False(market.Rules.Single(r => r.Rule == "market.document.phytosanitary-certificate").Passed);

        // A phytosanitary certificate attached to the lot is seen by the rule.
        var documents = fixture.Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Batch, s.Id("export")));
        Scenario.Ok(await documents.Attach(Document(7, "phytosanitary-certificate"), s.Inspector));
        market = Scenario.Ok(await s.Trace.Verify(s.Id("export"), null, s.Inspector)).Market!;
        Assert.True(market.Rules.Single(r => r.Rule == "market.document.phytosanitary-certificate").Passed);

        Assert.Equal("market.unknown", Assert.Single((await s.Trace.VerifyForMarket(s.Id("export"), null, "ZZ", s.Inspector)).Violations).Rule);
    }
}
