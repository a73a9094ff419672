using Nguon.Batches;
using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

[Collection(MemoryClusterCollection.Name)]
public sealed class ChainTests(MemoryClusterFixture fixture)
{
    private Scenario NewScenario() => new(fixture.Grains);

    [Fact]
    public async Task A_genuine_chain_verifies_and_its_trace_reaches_every_farm()
    {
        var s = await NewScenario().WithChain();

        var verification = Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector));
        Assert.Equal(Verdict.Verified, verification.Verdict);
        Assert.Empty(verification.Reasons);

        var trace = Scenario.Ok(await s.Trace.Backward(s.Id("retail"), s.Inspector));
        Assert.Equal([s.Id("retail"), s.Id("packed"), s.Id("h1"), s.Id("h2")], trace.Batches.Select(b => b.Batch.Code).ToArray());
        Assert.Equal([s.Id("farm-a"), s.Id("farm-b")], trace.Farms.Select(f => f.Code).Order().ToArray());
        Assert.Equal(s.Gi, Assert.Single(trace.Certificates).Number);
        Assert.Equal(verification.RootHash, trace.RootHash);
    }

    [Fact]
    public async Task Mass_balance_holds_through_merge_and_split()
    {
        var s = await NewScenario().WithChain();
        var packed = (await s.Batch("packed").GetRecord())!;
        Assert.Equal(1500m, packed.Quantity.Amount);
        Assert.Equal(100m, packed.Remaining); // 1500 − 900 kg − 0.5 t
        Assert.Equal(BatchStatus.Consumed, (await s.Batch("h1").GetRecord())!.Status);
        Assert.Equal(100m, (await s.Batch("h2").GetRecord())!.Remaining);

        var tooMuch = await s.Batch("packed").Split(new SplitBatch(Scenario.At(6, 12), [new SplitPart(s.Id("extra"), new(101m, "kg"))]), s.Producer);
        Assert.Equal("mass-balance.split", Assert.Single(tooMuch.Violations).Rule);
        Assert.Null(await s.Batch("extra").GetRecord());
    }

    [Fact]
    public async Task Suspending_the_certificate_flips_a_downstream_verdict_and_reinstating_flips_it_back()
    {
        var s = await NewScenario().WithChain();
        Scenario.Ok(await s.Certificate.ChangeStatus(new ChangeStatus(CertificateStatus.Suspended, "audit of the 2026 season"), s.Authority));

        var suspended = Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector));
        Assert.Equal(Verdict.NotVerified, suspended.Verdict);
        Assert.Contains(suspended.Reasons, r => r.Rule == "gi.certificate-inactive" && r.Message.Contains("suspended") && r.Message.Contains("audit of the 2026 season"));

        Scenario.Ok(await s.Certificate.ChangeStatus(new ChangeStatus(CertificateStatus.Active, "audit passed"), s.Authority));
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector)).Verdict);
    }

    [Fact]
    public async Task Revoking_one_farms_authorisation_fails_every_batch_that_contains_its_fruit()
    {
        var s = await NewScenario().WithChain();
        Scenario.Ok(await s.Farm("farm-b").ChangeAuthorisation(s.Gi, new ChangeStatus(CertificateStatus.Revoked, "fruit bought in from outside the area"), s.Authority));

        var retail = Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector));
        Assert.Equal(Verdict.NotVerified, retail.Verdict);
        Assert.Contains(retail.Reasons, r => r.Rule == "gi.authorisation-inactive" && r.Message.Contains(s.Id("farm-b")));
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("h1"), null, s.Inspector)).Verdict);
    }

    [Fact]
    public async Task A_recall_marks_every_descendant_and_the_farm_season_recall_scope_finds_them()
    {
        var s = await NewScenario().WithChain();
        Scenario.Ok(await s.Batch("h2").RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12), Disposition: "recalled"), s.Inspector));

        Assert.Equal(Verdict.Recalled, Scenario.Ok(await s.Trace.Verify(s.Id("export"), null, s.Inspector)).Verdict);
        var scope = Scenario.Ok(await s.Trace.RecallScope(s.Id("farm-b"), "2026", s.Inspector));
        Assert.Equal([s.Id("export"), s.Id("h2"), s.Id("packed"), s.Id("retail")], scope.Batches.Select(b => b.Code).Order().ToArray());
        var forward = Scenario.Ok(await s.Trace.Forward(s.Id("h1"), s.Inspector));
        Assert.Equal(4, forward.Batches.Count);
    }

    [Fact]
    public async Task A_recalled_batch_takes_no_more_events()
    {
        var s = await NewScenario().WithChain();
        await s.Organisation("importer", Role.Operator);
        Scenario.Ok(await s.Batch("export").RecordEvent(new RecordEvent("holding", Scenario.At(6, 12), Disposition: "recalled"), s.Inspector));
        var refused = await s.Batch("export").RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12, 10), Destination: "importer"), s.Producer);
        Assert.Equal("state.closed", Assert.Single(refused.Violations).Rule);
    }

    [Fact]
    public async Task Shipping_then_receiving_transfers_custody_to_the_named_receiver()
    {
        var s = await NewScenario().WithChain();
        var export = s.Batch("export");
        var importer = await s.Organisation("jp-importer", Role.Operator);
        Scenario.Ok(await export.RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12), Destination: "jp-importer"), s.Producer));
        Assert.Equal(BatchStatus.InTransit, (await export.GetRecord())!.Status);
        var stranger = await export.RecordEvent(new RecordEvent("receiving", Scenario.At(6, 14)), await s.Organisation("other-importer", Role.Operator));
        Assert.Equal(OutcomeStatus.Forbidden, stranger.Status);
        Scenario.Ok(await export.RecordEvent(new RecordEvent("receiving", Scenario.At(6, 14)), importer));
        var received = (await export.GetRecord())!;
        Assert.Equal(("jp-importer", BatchStatus.Active), (received.Custodian, received.Status));
    }

    [Fact]
    public async Task An_event_before_the_batch_existed_is_refused()
    {
        var s = await NewScenario().WithChain();
        var refused = await s.Batch("export").RecordEvent(new RecordEvent("packing", Scenario.At(6, 1)), s.Producer);
        Assert.Equal("time.before-creation", Assert.Single(refused.Violations).Rule);
        Assert.Equal(1, (await s.Batch("export").GetRecord())!.EventCount);
    }

    [Fact]
    public async Task A_long_history_is_paged_yet_read_back_whole_and_in_order()
    {
        var s = await NewScenario().WithChain();
        var batch = s.Batch("export");
        var count = BatchGrain.PageSize * 2 + 5;
        for (var i = 0; i < count; i++) // sequential on purpose: each event's time follows the previous one
            Scenario.Ok(await batch.RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12).AddMinutes(i)), s.Producer));

        var node = (await batch.GetNode())!;
        Assert.Equal(count + 1, node.Events.Count);
        Assert.Equal(Enumerable.Range(1, count + 1), node.Events.Select(e => e.Sequence));
        Assert.Empty(EventHashing.VerifyChain(node.Batch.Code, BatchRecord.CreationHash(node.Batch), node.Events, node.Batch.HeadHash));
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("export"), null, s.Inspector)).Verdict);
    }
}
