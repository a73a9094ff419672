using System.Text;
using System.Text.Json;
using Nguon.Domain;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class EventHashingTests
{
    /// <summary>The hash of a creation record the sample chains start from.</summary>
    private static readonly string Creation = new('c', 64);

    private static BatchEvent Sample(Quantity? q = null) =>
        ChainBuilder.Event(1, "commissioning", HarvestTime, Creation, quantity: q ?? new Quantity(1_000m, "kg"));

    private static string[] Rules(IEnumerable<Violation> v) => [.. v.Select(x => x.Rule)];

    [Fact]
    public void Hash_is_deterministic_lower_case_sha256_hex()
    {
        var hash = EventHashing.Hash(Sample());
        Assert.Equal(hash, EventHashing.Hash(Sample()));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void Seal_stores_the_hash_of_the_event_and_changes_nothing_else()
    {
        var e = Sample();
        var sealedEvent = EventHashing.Seal(e);
        Assert.Equal(EventHashing.Hash(e), sealedEvent.Hash);
        Assert.Equal(e, sealedEvent with { Hash = "" });
    }

    [Fact]
    public void Hash_field_itself_is_not_part_of_the_canonical_form()
    {
        Assert.Equal(EventHashing.Hash(Sample()), EventHashing.Hash(Sample() with { Hash = "anything" }));
    }

    [Fact]
    public void Canonical_form_is_a_versioned_json_array_in_field_order()
    {
        using var doc = JsonDocument.Parse(EventHashing.Canonical(Sample()));
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(19, items.Count);
        Assert.Equal("nguon-event/2", items[0].GetString());
        Assert.Equal(1, items[1].GetInt32());
        Assert.Equal(["evt-0001-commissioning", "ObjectEvent", "commissioning", "active"], items[2..6].Select(i => i.GetString()));
        Assert.Equal("2025-06-10T06:00:00.0000000+07:00", items[6].GetString());
        Assert.Equal(["1000", "kg"], items[11].EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(JsonValueKind.Null, items[16].ValueKind);
        Assert.Equal(JsonValueKind.Null, items[17].ValueKind);
        Assert.Equal("residue finding", JsonDocument.Parse(EventHashing.Canonical(Sample() with { Reason = "residue finding" }))
            .RootElement[17].GetString());
        Assert.Equal(Creation, items[18].GetString());
    }

    [Fact]
    public void Canonical_form_uses_the_default_json_escaping()
    {
        // Pinned so a change of encoder (which would change every stored hash) is noticed: '+' and non-ASCII
        // characters are written as \u escapes.
        var e = Sample() with { BizLocation = "Lục Ngạn" };
        var text = Encoding.UTF8.GetString(EventHashing.Canonical(e));
        Assert.Contains("\\u002B07:00", text);
        Assert.Contains("L\\u1EE5c Ng\\u1EA1n", text);
    }

    [Fact]
    public void Trailing_zeros_of_decimals_do_not_change_the_hash()
    {
        Assert.Equal(EventHashing.Hash(Sample(new(1.0m, "kg"))), EventHashing.Hash(Sample(new(1.00m, "kg"))));
        Assert.Equal(EventHashing.Hash(Sample(new(1000m, "kg"))), EventHashing.Hash(Sample(new(1000.000m, "kg"))));
        var sensor = Sample() with { Sensors = [new("fumigant_dose", 32.50m, "g/m3")] };
        Assert.Equal(EventHashing.Hash(sensor), EventHashing.Hash(sensor with { Sensors = [new("fumigant_dose", 32.5m, "g/m3")] }));
        var link = Sample() with { Inputs = [new QuantityLink("H-1", new(2.0m, "t"))] };
        Assert.Equal(EventHashing.Hash(link), EventHashing.Hash(link with { Inputs = [new QuantityLink("H-1", new(2m, "t"))] }));
    }

    [Fact]
    public void Different_amounts_hash_differently()
    {
        Assert.NotEqual(EventHashing.Hash(Sample(new(1m, "kg"))), EventHashing.Hash(Sample(new(1.0001m, "kg"))));
        Assert.NotEqual(EventHashing.Hash(Sample(new(1m, "kg"))), EventHashing.Hash(Sample(new(1m, "t"))));
    }

    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("1000", "1000")]
    [InlineData("0.001", "0.001")]
    [InlineData("-2.500", "-2.5")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void Numbers_are_written_without_trailing_zeros_in_invariant_culture(string value, string expected)
    {
        Assert.Equal(expected, EventHashing.Number(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Times_keep_their_offset_and_full_precision()
    {
        Assert.Equal("2025-06-10T06:00:00.0000000+07:00", EventHashing.Time(HarvestTime));
        Assert.Equal("2025-06-09T23:00:00.0000001+00:00", EventHashing.Time(HarvestTime.ToUniversalTime().AddTicks(1)));
    }

    /// <summary>The canonical form records the offset the event was reported in (documented: "ISO-8601 times
    /// with their offsets"), so the same instant written in another offset is a different record.</summary>
    [Fact]
    public void Same_instant_in_another_offset_hashes_differently()
    {
        var local = Sample();
        var utc = local with { EventTime = local.EventTime.ToUniversalTime() };
        Assert.Equal(local.EventTime, utc.EventTime);
        Assert.NotEqual(EventHashing.Hash(local), EventHashing.Hash(utc));
    }

    [Fact]
    public void Null_and_empty_fields_hash_differently()
    {
        Assert.NotEqual(EventHashing.Hash(Sample() with { Disposition = null }), EventHashing.Hash(Sample() with { Disposition = "" }));
        Assert.NotEqual(EventHashing.Hash(Sample() with { Quantity = null }), EventHashing.Hash(Sample() with { Quantity = new(0m, "kg") }));
        Assert.NotEqual(EventHashing.Hash(Sample() with { Destination = null }), EventHashing.Hash(Sample() with { Destination = "null" }));
    }

    [Fact]
    public void Values_cannot_move_between_fields_without_changing_the_hash()
    {
        var a = Sample() with { ReadPoint = "x", BizLocation = null };
        var b = Sample() with { ReadPoint = null, BizLocation = "x" };
        var c = Sample() with { EventId = "a\",\"b" };
        Assert.NotEqual(EventHashing.Hash(a), EventHashing.Hash(b));
        Assert.NotEqual(EventHashing.Hash(c), EventHashing.Hash(Sample() with { EventId = "a", EventType = "b" }));
    }

    [Fact]
    public void Vietnamese_text_hashes_deterministically()
    {
        var e = Sample() with { BizLocation = "Kho lạnh Lục Ngạn" };
        Assert.Equal(EventHashing.Hash(e), EventHashing.Hash(e with { BizLocation = "Kho lạnh Lục Ngạn" }));
        Assert.NotEqual(EventHashing.Hash(e), EventHashing.Hash(e with { BizLocation = "Kho lanh Luc Ngan" }));
    }

    [Fact]
    public void Untouched_chain_verifies_against_its_head()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing", "shipping", "receiving");
        Assert.Empty(EventHashing.VerifyChain("H-1", Creation, chain, chain[^1].Hash));
    }

    [Fact]
    public void Empty_chain_verifies_only_against_the_creation_hash()
    {
        Assert.Empty(EventHashing.VerifyChain("H-1", Creation, [], Creation));
        Assert.Equal(["integrity.head"], Rules(EventHashing.VerifyChain("H-1", Creation, [], new string('1', 64))));
    }

    [Fact]
    public void Altered_field_fails_the_hash_of_that_event()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing", "shipping");
        chain[1] = chain[1] with { BizStep = "holding" };
        var v = Assert.Single(EventHashing.VerifyChain("H-1", Creation, chain, chain[^1].Hash));
        Assert.Equal("integrity.hash", v.Rule);
        Assert.Equal("event 2 of H-1 fails its hash", v.Message);
    }

    [Fact]
    public void Altered_and_resealed_event_breaks_the_link_of_the_next_one()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing", "shipping");
        chain[1] = EventHashing.Seal(chain[1] with { Quantity = new(1m, "kg") });
        var v = Assert.Single(EventHashing.VerifyChain("H-1", Creation, chain, chain[^1].Hash));
        Assert.Equal("integrity.chain", v.Rule);
        Assert.StartsWith("event 3 of H-1", v.Message);
    }

    [Fact]
    public void Altered_and_resealed_last_event_no_longer_matches_the_head()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing");
        var head = chain[^1].Hash;
        chain[1] = EventHashing.Seal(chain[1] with { Actor = "someone-else" });
        Assert.Equal(["integrity.head"], Rules(EventHashing.VerifyChain("H-1", Creation, chain, head)));
    }

    [Fact]
    public void Wrong_head_hash_is_reported()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing");
        Assert.Equal(["integrity.head"], Rules(EventHashing.VerifyChain("H-1", Creation, chain, chain[0].Hash)));
    }

    [Fact]
    public void First_event_must_link_to_the_creation_record()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning");
        chain[0] = EventHashing.Seal(chain[0] with { PreviousHash = new string('f', 64) });
        var v = Assert.Single(EventHashing.VerifyChain("H-1", Creation, chain, chain[0].Hash));
        Assert.Equal(("integrity.creation", "the record of batch H-1 was changed after its creation: it no longer hashes to what its "
            + "first event links to"), (v.Rule, v.Message));
        var untouched = ChainBuilder.Chain(Creation, "commissioning");
        Assert.Equal(["integrity.creation"], Rules(EventHashing.VerifyChain("H-1", new string('e', 64), untouched, untouched[0].Hash)));
    }

    [Fact]
    public void Missing_middle_event_is_a_sequence_gap_and_a_broken_link()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing", "shipping", "receiving");
        chain.RemoveAt(1);
        var v = EventHashing.VerifyChain("H-1", Creation, chain, chain[^1].Hash);
        Assert.Contains(v, x => x.Rule == "integrity.sequence" && x.Message.StartsWith("event 2 of H-1 is missing"));
        Assert.Contains(v, x => x.Rule == "integrity.chain" && x.Message.StartsWith("event 3 of H-1"));
        Assert.DoesNotContain(v, x => x.Rule is "integrity.hash" or "integrity.head");
    }

    [Fact]
    public void Missing_last_event_is_caught_by_the_head_hash()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing", "shipping");
        var head = chain[^1].Hash;
        chain.RemoveAt(2);
        Assert.Equal(["integrity.head"], Rules(EventHashing.VerifyChain("H-1", Creation, chain, head)));
    }

    [Fact]
    public void Swapped_events_are_out_of_order()
    {
        var chain = ChainBuilder.Chain(Creation, "commissioning", "storing", "shipping");
        var head = chain[^1].Hash;
        (chain[1], chain[2]) = (chain[2], chain[1]);
        var v = Rules(EventHashing.VerifyChain("H-1", Creation, chain, head));
        Assert.Contains("integrity.sequence", v);
        Assert.Contains("integrity.chain", v);
        Assert.Contains("integrity.head", v);
    }
}
