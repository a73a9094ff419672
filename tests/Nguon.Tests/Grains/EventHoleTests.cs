using Nguon.Domain;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>Issue 12 item 7, at the grain: event ids, cited documents, destinations and an inspector's powers.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class EventHoleTests(MemoryClusterFixture fixture)
{
    private Scenario NewScenario() => new(fixture.Grains);

    private static string Sha(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)i]));

    private static DocumentInfo Document(int i) =>
        new(Sha(i), 10, "application/pdf", $"doc-{i}.pdf", "packing-list", "producer", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task An_event_id_names_one_event_of_a_batch()
    {
        var s = await NewScenario().WithChain();
        var export = s.Batch("export");
        var first = Scenario.Ok(await export.RecordEvent(new RecordEvent("packing", Scenario.At(6, 12), EventId: "e-1"), s.Producer));
        // The same request again is a retry: the first event, nothing new.
        var retry = Scenario.Ok(await export.RecordEvent(new RecordEvent("packing", Scenario.At(6, 12), EventId: "e-1"), s.Producer));
        Assert.Equal((first.Sequence, first.Hash), (retry.Sequence, retry.Hash));

        var changed = await export.RecordEvent(new RecordEvent("storing", Scenario.At(6, 12), EventId: "e-1"), s.Producer);
        Assert.Equal((OutcomeStatus.Conflict, "event.id-reused"), (changed.Status, Assert.Single(changed.Violations).Rule));
        var other = await export.RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12), EventId: "e-1"), s.Inspector);
        Assert.Equal((OutcomeStatus.Conflict, "event.id-taken"), (other.Status, Assert.Single(other.Violations).Rule));
        Assert.Equal(first.Sequence, (await export.GetRecord())!.EventCount);
    }

    [Fact]
    public async Task An_event_cites_only_documents_attached_to_its_batch()
    {
        var s = await NewScenario().WithChain();
        Scenario.Ok(await s.Grains.GetGrain<IDocumentGrain>($"farm/{s.Id("farm-a")}").Attach(Document(2), s.Producer));
        var farmDocument = await s.Batch("export").RecordEvent(
            new RecordEvent("packing", Scenario.At(6, 12), Documents: [new DocumentRef(Sha(2))]), s.Producer);
        Assert.Equal((OutcomeStatus.Rejected, "document.not-attached"), (farmDocument.Status, Assert.Single(farmDocument.Violations).Rule));

        Scenario.Ok(await s.Grains.GetGrain<IDocumentGrain>($"batch/{s.Id("export")}").Attach(Document(1), s.Producer));
        var cited = Scenario.Ok(await s.Batch("export").RecordEvent(
            new RecordEvent("packing", Scenario.At(6, 12), Documents: [new DocumentRef(Sha(1).ToUpperInvariant(), "packing-list")]), s.Producer));
        Assert.Single(cited.Documents);
    }

    [Fact]
    public async Task A_shipment_goes_to_another_registered_organisation()
    {
        var s = await NewScenario().WithChain();
        await s.Organisation("producer", Role.Producer);
        var export = s.Batch("export");
        var toSelf = await export.RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12), Destination: "producer"), s.Producer);
        Assert.Equal((OutcomeStatus.Rejected, "input.destination"), (toSelf.Status, Assert.Single(toSelf.Violations).Rule));
        var odd = await export.RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12), Destination: "no such/org"), s.Producer);
        Assert.Equal("input.id", Assert.Single(odd.Violations).Rule);
        var unknown = await export.RecordEvent(new RecordEvent("shipping", Scenario.At(6, 12), Destination: $"nobody-{s.Suffix}"), s.Producer);
        Assert.Equal("input.destination", Assert.Single(unknown.Violations).Rule);
        Assert.Equal(BatchStatus.Active, (await export.GetRecord())!.Status);
    }

    [Fact]
    public async Task An_inspector_cannot_close_a_lot_by_inspecting_it_destroyed_only_the_custodian_destroys()
    {
        var s = await NewScenario().WithChain();
        var packed = s.Batch("packed");
        var destroyed = await packed.RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12), Disposition: "destroyed"), s.Inspector);
        Assert.Equal((OutcomeStatus.Rejected, "input.disposition"), (destroyed.Status, Assert.Single(destroyed.Violations).Rule));
        Assert.Equal((BatchStatus.Active, 100m), ((await packed.GetRecord())!.Status, (await packed.GetRecord())!.Remaining));

        Scenario.Ok(await packed.RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12), Disposition: "non_conformant"), s.Inspector));
        Assert.Equal(OutcomeStatus.Forbidden,
            (await packed.RecordEvent(new RecordEvent("destroying", Scenario.At(6, 12), Disposition: "destroyed"), s.Inspector)).Status);
        Scenario.Ok(await packed.RecordEvent(new RecordEvent("destroying", Scenario.At(6, 12), Disposition: "destroyed"), s.Producer));
        Assert.Equal(BatchStatus.Consumed, (await packed.GetRecord())!.Status);
    }
}
