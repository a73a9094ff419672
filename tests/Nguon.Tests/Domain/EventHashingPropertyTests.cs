using CsCheck;
using Nguon.Domain;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>Tamper evidence over random chains: any single-field change of any event is reported at that event.</summary>
public class EventHashingPropertyTests
{
    /// <summary>The creation-record hash the random chains start from.</summary>
    private static readonly string Creation = new('c', 64);

    private static readonly string[] Steps = [.. BatchRules.RecordableSteps.Order(StringComparer.Ordinal)];

    /// <summary>One change per field of <see cref="BatchEvent"/> (Hash included); each yields a different record.</summary>
    private static readonly (string Field, Func<BatchEvent, BatchEvent> Change)[] FieldChanges =
    [
        ("Sequence", e => e with { Sequence = e.Sequence + 100 }),
        ("EventId", e => e with { EventId = e.EventId + "x" }),
        ("EventType", e => e with { EventType = e.EventType == "ObjectEvent" ? "TransformationEvent" : "ObjectEvent" }),
        ("BizStep", e => e with { BizStep = e.BizStep + "x" }),
        ("Disposition", e => e with { Disposition = e.Disposition is null ? "active" : null }),
        ("EventTime", e => e with { EventTime = e.EventTime.AddTicks(1) }),
        ("EventTime offset", e => e with { EventTime = e.EventTime.ToOffset(TimeSpan.FromHours(9)) }),
        ("RecordTime", e => e with { RecordTime = e.RecordTime.AddSeconds(-1) }),
        ("ReadPoint", e => e with { ReadPoint = e.ReadPoint is null ? "urn:x" : null }),
        ("BizLocation", e => e with { BizLocation = (e.BizLocation ?? "") + "Kho 2" }),
        ("Actor", e => e with { Actor = e.Actor + "-2" }),
        ("Quantity", e => e with { Quantity = e.Quantity is null ? new(1m, "kg") : e.Quantity with { Amount = e.Quantity.Amount + 0.001m } }),
        ("Quantity unit", e => e with { Quantity = e.Quantity is null ? new(0m, "g") : e.Quantity with { Unit = e.Quantity.Unit == "kg" ? "t" : "kg" } }),
        ("Inputs", e => e with { Inputs = [.. e.Inputs, new QuantityLink("X-1", new(1m, "kg"))] }),
        ("Outputs", e => e with { Outputs = [.. e.Outputs, new QuantityLink("X-2", new(1m, "kg"))] }),
        ("Sensors", e => e with { Sensors = [.. e.Sensors, new SensorReading("temperature", 4m, "Cel")] }),
        ("Documents", e => e with { Documents = [.. e.Documents, new DocumentRef(new string('a', 64), null, null)] }),
        ("Destination", e => e with { Destination = e.Destination is null ? "AEON-VN" : null }),
        ("Reason", e => e with { Reason = e.Reason is null ? "residue finding" : null }),
        ("PreviousHash", e => e with { PreviousHash = new string('e', 64) }),
        ("Hash", e => e with { Hash = new string('d', 64) }),
    ];

    /// <summary>A random sealed chain of 1–8 events with varied steps, quantities, sensors and destinations.</summary>
    private static readonly Gen<List<BatchEvent>> Chains =
        Gen.Select(Gen.Int[0, Steps.Length - 1], Gen.Decimal[0m, 5_000m], Gen.Int[0, 600], Gen.Bool)
            .Array[1, 8]
            .Select(specs =>
            {
                var chain = new List<BatchEvent>();
                var previous = Creation;
                var time = HarvestTime;
                foreach (var (step, amount, minutes, extra) in specs)
                {
                    time = time.AddMinutes(minutes);
                    var e = ChainBuilder.Event(chain.Count + 1, Steps[step], time, previous,
                        quantity: extra ? new Quantity(decimal.Round(amount, 3), "kg") : null, disposition: extra ? null : "active") with
                    {
                        Sensors = extra ? [new SensorReading("temperature", decimal.Round(amount / 1000m, 2), "Cel")] : [],
                        Destination = Steps[step] == "shipping" ? "AEON-VN" : null,
                    };
                    chain.Add(EventHashing.Seal(e));
                    previous = chain[^1].Hash;
                }
                return chain;
            });

    [Fact]
    public void Every_field_change_yields_a_different_record()
    {
        // Record equality compares DateTimeOffset instants only, so an offset change shows in the hash alone.
        var e = ChainBuilder.Chain(Creation, "commissioning")[0];
        foreach (var (field, change) in FieldChanges)
            Assert.True(change(e) != e || EventHashing.Hash(change(e)) != EventHashing.Hash(e), $"the {field} change leaves the event equal");
    }

    [Fact]
    public void Untouched_random_chain_verifies()
    {
        Chains.Sample(chain => Assert.Empty(EventHashing.VerifyChain("H-1", Creation, chain, chain[^1].Hash)));
    }

    [Fact]
    public void Any_single_field_change_of_any_event_is_reported_at_that_event()
    {
        Gen.Select(Chains, Gen.Int[0, 1_000], Gen.Int[0, FieldChanges.Length - 1]).Sample((chain, pick, which) =>
        {
            var index = pick % chain.Count;
            var head = chain[^1].Hash;
            var (field, change) = FieldChanges[which];
            var tampered = chain.ToList();
            tampered[index] = change(chain[index]);
            var v = EventHashing.VerifyChain("H-1", Creation, tampered, head);
            // The first event's link is to the creation record: a broken one is reported as the record's.
            Assert.True(v.Any(x => x.Message.StartsWith($"event {index + 1} of H-1 ") || (index == 0 && x.Rule == "integrity.creation")),
                $"changing {field} of event {index + 1} of {chain.Count} was not reported there: {string.Join("; ", v)}");
        });
    }

    [Fact]
    public void Any_field_change_resealed_breaks_the_next_link_or_the_head()
    {
        Gen.Select(Chains, Gen.Int[0, 1_000], Gen.Int[0, FieldChanges.Length - 3]).Sample((chain, pick, which) =>
        {
            var index = pick % chain.Count;
            var head = chain[^1].Hash;
            var tampered = chain.ToList();
            tampered[index] = EventHashing.Seal(FieldChanges[which].Change(chain[index]));
            var rules = EventHashing.VerifyChain("H-1", Creation, tampered, head).Select(x => x.Rule).ToList();
            Assert.Contains(index == chain.Count - 1 ? "integrity.head" : "integrity.chain", rules);
        });
    }

    [Fact]
    public void Dropping_any_event_is_reported()
    {
        Gen.Select(Chains, Gen.Int[0, 1_000]).Sample((chain, pick) =>
        {
            var head = chain[^1].Hash;
            var shorter = chain.Where((_, i) => i != pick % chain.Count).ToList();
            Assert.NotEmpty(EventHashing.VerifyChain("H-1", Creation, shorter, head));
        });
    }

    [Fact]
    public void Hash_ignores_trailing_zeros_of_any_amount()
    {
        Gen.Decimal[0m, 1_000_000m].Sample(amount =>
        {
            var e = ChainBuilder.Event(1, "storing", HarvestTime, Creation, quantity: new(amount, "kg"));
            var padded = e with { Quantity = new(amount * 1.000m, "kg") };
            Assert.Equal(EventHashing.Hash(e), EventHashing.Hash(padded));
        });
    }
}
