using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>A command retried with the same operation id applies once — also when its first attempt died
/// half-way (the silo crashed between writes), which is what a retry after a silo failure meets.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class RetryTests(MemoryClusterFixture fixture)
{
    [Fact]
    public async Task A_merge_that_died_after_debiting_its_inputs_completes_on_retry_and_debits_once()
    {
        var s = await new Scenario(fixture.Grains).WithCertificate();
        await s.AuthorisedFarm("farm-a");
        await s.Harvest("farm-a", "h1", 1000m);
        await s.Harvest("farm-a", "h2", 600m);
        var op = Guid.NewGuid().ToString("N");
        var at = Scenario.At(6, 10, 12);
        // The first attempt reserved and committed both takes, then its silo died before the output was written.
        foreach (var (input, kg) in new[] { ("h1", 400m), ("h2", 300m) })
        {
            Scenario.Ok(await s.Batch(input).Reserve(op, new(kg, "kg"), s.Id("out"), at, s.Producer));
            Scenario.Ok(await s.Batch(input).CommitReservation(op, new(kg, "kg"), s.Id("out"), OriginKind.Merge, at, s.Producer));
        }
        Assert.Null(await s.Batch("out").GetRecord());

        var merge = new CombineBatches(s.Id("out"), at, [new(s.Id("h1"), new(400m, "kg")), new(s.Id("h2"), new(300m, "kg"))]);
        var output = Scenario.Ok(await s.Batch("out").Combine(merge, s.Producer, op));
        var again = Scenario.Ok(await s.Batch("out").Combine(merge, s.Producer, op));

        Assert.Equal(new Quantity(700m, "kg"), output.Quantity);
        Scenario.Same(output, again);
        Assert.Equal(600m, (await s.Batch("h1").GetRecord())!.Remaining);
        Assert.Equal(300m, (await s.Batch("h2").GetRecord())!.Remaining);
        Assert.Single((await s.Batch("h1").GetNode())!.Events, e => e.Outputs.Any(o => o.Batch == s.Id("out")));
        var verification = Scenario.Ok(await s.Trace.Verify(s.Id("out"), null, s.Inspector));
        Assert.Equal(Verdict.Verified, verification.Verdict);
        // Another operation naming the same output is a different merge: refused.
        Assert.Equal(OutcomeStatus.Conflict, (await s.Batch("out").Combine(merge, s.Producer, Guid.NewGuid().ToString("N"))).Status);
    }

    [Fact]
    public async Task A_split_that_died_after_creating_its_children_completes_on_retry_with_a_valid_lineage()
    {
        var s = await new Scenario(fixture.Grains).WithCertificate();
        await s.AuthorisedFarm("farm-a");
        var parent = await s.Harvest("farm-a", "h1", 1000m);
        var (split, op) = await s.SplitThatDiedAfterItsFirstChild(parent);

        var children = Scenario.Ok(await s.Batch("h1").Split(split, s.Producer, op));
        var again = Scenario.Ok(await s.Batch("h1").Split(split, s.Producer, op));

        Assert.Equal([s.Id("c1"), s.Id("c2")], children.Select(c => c.Code));
        Assert.Equal(children.Select(c => c.Code), again.Select(c => c.Code));
        var after = (await s.Batch("h1").GetNode())!;
        Assert.Equal(0m, after.Batch.Remaining);
        Assert.Single(after.Events, e => e.EventType == "TransformationEvent");
        foreach (var child in new[] { "c1", "c2" })
            Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id(child), null, s.Inspector)).Verdict);
    }

    [Fact]
    public async Task An_event_retried_after_its_page_was_sealed_is_still_recorded_once()
    {
        var s = await new Scenario(fixture.Grains).WithCertificate();
        await s.AuthorisedFarm("farm-a");
        await s.Harvest("farm-a", "h1", 1000m);
        var first = Scenario.Ok(await s.Batch("h1").RecordEvent(new RecordEvent("packing", Scenario.At(6, 10, 9), EventId: "op-packing-1"), s.Producer));
        // Enough later events to push the first out of the batch's open page into a sealed page.
        for (var i = 0; i < Nguon.Batches.BatchGrain.PageSize + 2; i++)
            Scenario.Ok(await s.Batch("h1").RecordEvent(new RecordEvent("storing", Scenario.At(6, 10, 10)), s.Producer));

        var retried = Scenario.Ok(await s.Batch("h1").RecordEvent(new RecordEvent("packing", Scenario.At(6, 10, 9), EventId: "op-packing-1"), s.Producer));

        Scenario.Same(first, retried);
        Assert.Single((await s.Batch("h1").GetNode())!.Events, e => e.BizStep == "packing");
    }

    [Fact]
    public async Task A_certificate_registration_and_status_change_retried_with_their_operation_ids_apply_once()
    {
        var s = new Scenario(fixture.Grains);
        var register = new RegisterCertificate(new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee"), "lychee", ["thiều"],
            "DOST Bắc Giang", Scenario.Area, new DateTimeOffset(2008, 1, 1, 0, 0, 0, Scenario.Hanoi), new Specification(10_000m));
        var first = Scenario.Ok(await s.Certificate.Register(register, s.Authority, "op-register"));
        Scenario.Same(first, Scenario.Ok(await s.Certificate.Register(register, s.Authority, "op-register")));
        Assert.Equal(OutcomeStatus.Conflict, (await s.Certificate.Register(register, s.Authority, "op-other")).Status);

        var suspend = new ChangeStatus(CertificateStatus.Suspended, "residue findings under review");
        var suspended = Scenario.Ok(await s.Certificate.ChangeStatus(suspend, s.Authority, "op-suspend"));
        var retried = Scenario.Ok(await s.Certificate.ChangeStatus(suspend, s.Authority, "op-suspend"));

        Scenario.Same(suspended, retried);
        Assert.Single((await s.Certificate.Get())!.StatusHistory);
        // A new operation is a new change: reinstating adds the second entry.
        Scenario.Ok(await s.Certificate.ChangeStatus(new ChangeStatus(CertificateStatus.Active, "review closed"), s.Authority, "op-reinstate"));
        Assert.Equal(2, (await s.Certificate.Get())!.StatusHistory.Count);
    }

    [Fact]
    public async Task An_organisation_registration_retried_with_its_operation_id_gets_the_organisation_back()
    {
        var org = fixture.Grains.GetGrain<IOrganisationGrain>($"retry-org-{Guid.NewGuid():N}");
        var command = new RegisterOrganisation("Hợp tác xã vải thiều", [Role.Producer]);
        var first = Scenario.Ok(await org.Register(command, Actor.System, "op-org"));

        Scenario.Same(first, Scenario.Ok(await org.Register(command, Actor.System, "op-org")));
        Assert.Equal(OutcomeStatus.Conflict, (await org.Register(command, Actor.System, "op-other")).Status);
        Assert.Equal(OutcomeStatus.Conflict, (await org.Register(command, Actor.System)).Status);
    }
}
