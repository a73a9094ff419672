using System.Text.Json.Nodes;
using Nguon.Batches;
using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>Issue 14: a batch's header lists who held it before its current custodian, derived from its (hashed) events
/// like the custodian itself, bounded, and checked by the verifier like every other derived field.</summary>
public class CustodyHistoryTests
{
    internal static readonly Actor Producer = new("HTX-PHUONG-SON", [Role.Producer]);
    internal static readonly Actor Packer = new("PH-LUCNGAN-01", [Role.Operator]);
    internal static readonly Actor Importer = new("IMPORTER-JP", [Role.Operator]);

    /// <summary>A lot as the batch grain keeps it: the header its decisions wrote, and its events.</summary>
    internal sealed class Lot
    {
        public Batch Header { get; private set; }
        public List<BatchEvent> Events { get; } = [];

        public Lot(Actor producer)
        {
            var creation = new BatchCreation("op-harvest", "lychee", "Thiều", new(1_000m, "kg"), GiNumber, producer.Organisation,
                new BatchOrigin(OriginKind.Harvest, FarmCode, "2025", [], null), HarvestTime, null, null, null, EventTypes.Object,
                BizStep.Commissioning, []);
            var opening = BatchDecisions.Create("H-1", creation, producer, Now, null, "e-1").Value!;
            (Header, Events) = (opening.Header, [opening.First]);
        }

        public Lot Record(Actor actor, string bizStep, string? destination = null)
        {
            var command = new RecordEvent(bizStep, HarvestTime.AddHours(Events.Count), Destination: destination,
                Disposition: BizStep.Shipping.Is(bizStep) ? Disposition.InTransit.Value : null);
            var decided = BatchDecisions.RecordEvent(Header, HarvestTime, command, actor, Now, new(DestinationRegistered: true),
                $"e-{Events.Count + 1}");
            Assert.True(decided.IsOk, string.Join("; ", decided.Violations));
            Events.Add(decided.Value!.Event);
            Header = decided.Value.Header;
            return this;
        }

        /// <summary>Shipped by its custodian to <paramref name="to"/>, and received there.</summary>
        public Lot HandOver(Actor from, Actor to) =>
            Record(from, BizStep.Shipping.Value, to.Organisation).Record(to, BizStep.Receiving.Value);
    }

    private static void AgreesWithItsEvents(Lot lot)
    {
        var replayed = BatchRecord.Replay(lot.Header, lot.Events);
        Assert.Equal(lot.Header.FormerCustodians, replayed.FormerCustodians);
        Assert.Empty(BatchRecord.Disagreements(lot.Header, replayed));
    }

    [Fact]
    public void Harvested_by_the_producer_then_packed_then_imported_lists_producer_and_packer()
    {
        var lot = new Lot(Producer);
        Assert.Empty(lot.Header.FormerCustodians!);

        // In transit the producer still holds it; the packer receives it and the producer becomes a former custodian.
        lot.Record(Producer, BizStep.Shipping.Value, Packer.Organisation);
        Assert.Equal((Producer.Organisation, Packer.Organisation), (lot.Header.Custodian, lot.Header.Destination));
        Assert.Empty(lot.Header.FormerCustodians!);
        lot.Record(Packer, BizStep.Receiving.Value);
        Assert.Equal([Producer.Organisation], lot.Header.FormerCustodians!);
        AgreesWithItsEvents(lot);

        lot.Record(Packer, BizStep.Packing.Value).HandOver(Packer, Importer);
        Assert.Equal(Importer.Organisation, lot.Header.Custodian);
        Assert.Equal([Producer.Organisation, Packer.Organisation], lot.Header.FormerCustodians!);
        AgreesWithItsEvents(lot);
    }

    [Fact]
    public void A_holder_that_takes_the_lot_back_is_its_custodian_not_a_former_one_and_then_the_newest_former()
    {
        var lot = new Lot(Producer).HandOver(Producer, Packer).HandOver(Packer, Producer);
        Assert.Equal(Producer.Organisation, lot.Header.Custodian);
        Assert.Equal([Packer.Organisation], lot.Header.FormerCustodians!);
        lot.HandOver(Producer, Importer);
        Assert.Equal([Packer.Organisation, Producer.Organisation], lot.Header.FormerCustodians!);
        AgreesWithItsEvents(lot);
    }

    [Fact]
    public void Past_sixteen_former_custodians_the_creator_and_the_newest_are_kept()
    {
        var lot = new Lot(Producer);
        var holders = Enumerable.Range(1, 20).Select(i => new Actor($"OPERATOR-{i:D2}", [Role.Operator])).ToList();
        var previous = Producer;
        for (var moves = 1; moves <= holders.Count; moves++)
        {
            lot.HandOver(previous, holders[moves - 1]);
            previous = holders[moves - 1];
            var former = lot.Header.FormerCustodians!;
            Assert.Equal(Math.Min(moves, Custody.MaxFormerCustodians), former.Count);
            Assert.Equal(Producer.Organisation, former[0]);
            Assert.Equal(moves == 1 ? Producer.Organisation : holders[moves - 2].Organisation, former[^1]);
            Assert.DoesNotContain(previous.Organisation, former);
            AgreesWithItsEvents(lot);
        }
        // 20 moves: the producer, then the 15 newest before the current custodian (OPERATOR-05 … OPERATOR-19).
        Assert.Equal([Producer.Organisation, .. holders.Skip(4).Take(15).Select(h => h.Organisation)], lot.Header.FormerCustodians!);
        Assert.Equal(16, Custody.MaxFormerCustodians);
    }

    [Fact]
    public void Former_custodians_are_not_in_the_creation_record()
    {
        var lot = new Lot(Producer).HandOver(Producer, Packer);
        Assert.Equal(BatchRecord.CreationHash(lot.Header with { FormerCustodians = null }), BatchRecord.CreationHash(lot.Header));
        Assert.Equal(lot.Events[0].PreviousHash, BatchRecord.CreationHash(lot.Header));
    }

    [Fact]
    public void A_header_without_former_custodians_reads_as_empty()
    {
        var header = new Lot(Producer).Header with { FormerCustodians = null };
        Assert.Empty(BatchRecord.Disagreements(header, BatchRecord.Replay(header, [])));
        Assert.Equal([Producer.Organisation], Custody.After(Custody.After(header, "shipping", "in_transit", Packer.Organisation),
            "receiving", "active", null).FormerCustodians!);
    }

    [Theory]
    [InlineData("added")]
    [InlineData("removed")]
    [InlineData("reordered")]
    [InlineData("erased")]
    public void An_edited_list_of_former_custodians_is_reported_by_the_verifier(string edit)
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.HandOver("H-1", Packer.Organisation).HandOver("H-1", Importer.Organisation);
        Assert.Equal([ChainBuilder.Custodian, Packer.Organisation], b["H-1"].FormerCustodians!);
        Assert.Equal(Verdict.Verified, ChainVerifier.Verify(b.Graph("H-1"), Heads, Now).Verdict);

        b.Update("H-1", h => h with
        {
            FormerCustodians = edit switch
            {
                "added" => [.. h.FormerCustodians!, "RIVAL-PACKER"],
                "removed" => [Packer.Organisation],
                "reordered" => [Packer.Organisation, ChainBuilder.Custodian],
                _ => null,
            },
        });
        var v = ChainVerifier.Verify(b.Graph("H-1"), Heads, Now);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        var reason = Assert.Single(v.Reasons);
        Assert.Equal(("integrity.header", "the record of batch H-1 disagrees with its events (former custodians)"),
            (reason.Rule, reason.Message));
    }

    [Fact]
    public void A_stored_row_from_before_the_field_reads_with_no_former_custodians()
    {
        var lot = new Lot(Producer).HandOver(Producer, Packer);
        var serializer = new JsonGrainStorageSerializer();
        var stored = JsonNode.Parse(serializer.Serialize(new BatchState { Batch = lot.Header }).ToString())!.AsObject();
        Assert.Equal([Producer.Organisation], serializer.Deserialize<BatchState>(new(stored.ToJsonString()))!.Batch!.FormerCustodians!);

        Assert.True(stored["batch"]!.AsObject().Remove("formerCustodians"));
        var old = serializer.Deserialize<BatchState>(new(stored.ToJsonString()))!.Batch!;
        Assert.Null(old.FormerCustodians);
        Assert.Equal((lot.Header.Custodian, lot.Header.FirstCustodian), (old.Custodian, old.FirstCustodian));
        Assert.Equal([Producer.Organisation], BatchRecord.Replay(old, lot.Events).FormerCustodians!);
    }
}
