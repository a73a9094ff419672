using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>Who may do what is enforced inside the grains: a refusal is Forbidden and changes nothing.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class AuthorisationTests(MemoryClusterFixture fixture)
{
    [Fact]
    public async Task Another_operator_cannot_record_events_split_or_merge_a_batch_it_does_not_hold()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var rival = await s.Organisation("rival-packer", Role.Operator);
        var before = await s.Batch("export").GetRecord();

        Assert.Equal(OutcomeStatus.Forbidden, (await s.Batch("export").RecordEvent(new RecordEvent("packing", Scenario.At(6, 12)), rival)).Status);
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Batch("export").Split(new SplitBatch(Scenario.At(6, 12), [new SplitPart(s.Id("stolen"), new(1m, "kg"))]), rival)).Status);
        var merge = await s.Batch("rival-merge").Combine(new CombineBatches(s.Id("rival-merge"), Scenario.At(6, 12),
            [new(s.Id("export"), new(10m, "kg")), new(s.Id("retail"), new(10m, "kg"))]), rival);
        Assert.Equal(OutcomeStatus.Forbidden, merge.Status);

        Scenario.Same(before, await s.Batch("export").GetRecord());
        Assert.Null(await s.Batch("stolen").GetRecord());
        Assert.Null(await s.Batch("rival-merge").GetRecord());
    }

    [Fact]
    public async Task Only_the_authority_touches_certificates_and_authorisations()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var suspend = new ChangeStatus(CertificateStatus.Suspended, "I say so");
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Certificate.ChangeStatus(suspend, s.Producer)).Status);
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Farm("farm-a").ChangeAuthorisation(s.Gi, suspend, s.Producer)).Status);
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Farm("farm-a").Authorise(new AuthoriseFarm(s.Gi, Scenario.At(1, 1), "QĐ-x"), s.Inspector)).Status);
        Assert.Equal(CertificateStatus.Active, (await s.Certificate.Get())!.Status);
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector)).Verdict);
    }

    [Fact]
    public async Task Only_a_farms_owner_records_its_harvests_and_producers_register_only_their_own_farms()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate();
        await s.AuthorisedFarm("own");
        var neighbour = await s.Organisation("neighbour", Role.Producer);

        var harvest = await s.Farm("own").RecordHarvest(new RecordHarvest(s.Id("h"), "lychee", new(10m, "kg"), Scenario.At(6, 10), s.Gi), neighbour);
        Assert.Equal(OutcomeStatus.Forbidden, harvest.Status);
        Assert.Null(await s.Batch("h").GetRecord());

        var register = await s.Farm("not-mine").Register(new RegisterFarm("x", "producer", new AdminArea("a", "b", "c"), Scenario.Inside, 1m, []), neighbour);
        Assert.Equal(OutcomeStatus.Forbidden, register.Status);
        Assert.Null(await s.Farm("not-mine").GetProfile());
    }

    [Fact]
    public async Task An_inspector_may_recall_any_batch_but_not_ship_it()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        await s.Organisation("importer", Role.Operator);
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Batch("export").RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12), Destination: "importer"), s.Inspector)).Status);
        var recall = Scenario.Ok(await s.Batch("export").RecordEvent(new RecordEvent("holding", Scenario.At(6, 12), Disposition: "recalled"), s.Inspector));
        Assert.Equal("inspector", recall.Actor);
        Assert.Equal(BatchStatus.Recalled, (await s.Batch("export").GetRecord())!.Status);
    }

    [Fact]
    public async Task Shipping_to_an_unregistered_organisation_is_refused()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var refused = await s.Batch("export").RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12), Destination: s.Id("nobody")), s.Producer);
        Assert.Equal("input.destination", Assert.Single(refused.Violations).Rule);
        Assert.Equal(BatchStatus.Active, (await s.Batch("export").GetRecord())!.Status);
    }

    [Fact]
    public async Task A_revoked_key_stops_authenticating_at_once()
    {
        var org = fixture.Grains.GetGrain<IOrganisationGrain>("key-holder-" + Guid.NewGuid().ToString("N")[..6]);
        Scenario.Ok(await org.Register(new RegisterOrganisation("Key holder", [Role.Operator]), Actor.System));
        var issued = Scenario.Ok(await org.IssueKey(new IssueKey("test"), Actor.System));
        Assert.True(Nguon.Domain.ApiKeys.TryParse(issued.Token, out var keyId, out var secret));
        var key = fixture.Grains.GetGrain<IApiKeyGrain>(keyId);

        Assert.Equal([Role.Operator], (await key.Authenticate(Nguon.Domain.ApiKeys.Hash(secret)))!.Roles);
        Assert.Null(await key.Authenticate(Nguon.Domain.ApiKeys.Hash(secret + "x")));
        Scenario.Ok(await org.RevokeKey(keyId, Actor.System));
        Assert.Null(await key.Authenticate(Nguon.Domain.ApiKeys.Hash(secret)));
        Assert.NotNull(Assert.Single(Scenario.Ok(await org.ListKeys(Actor.System))).RevokedAt);
    }
}
