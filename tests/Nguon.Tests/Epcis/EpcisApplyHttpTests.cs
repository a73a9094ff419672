using System.Net;
using System.Text.Json;
using Nguon.Tests.Http;
using static Nguon.Tests.Epcis.EpcisEvents;

namespace Nguon.Tests.Epcis;

/// <summary>Captured EPCIS events about Nguon lots applied as Nguon commands through a real silo: harvest, merge, split, an
/// observation with a sensor report, custody (shipping to, receiving by) and a recall; refusals under rollback (nothing
/// applied, nothing stored) and proceed (the others applied); re-capture and a retry after a lost store apply nothing twice.</summary>
public sealed class EpcisApplyHttpTests(RegisteredSiloFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<RegisteredSiloFixture>
{
    private const string Producer = "htx-ps", OtherProducer = "htx-qs", Packer = "ph-lucngan-01", Inspector = "ppd-inspector";
    private const string Farm = "VNBG-LN-PS-002", OtherFarm = "VNBG-LN-QS-002";

    private HttpClient Client => fixture.Client;

    private async Task<JsonElement> Batch(string code) =>
        await Client.Get($"api/batches/{code}", fixture.Party(Inspector)).Expect(HttpStatusCode.OK);

    private async Task<List<JsonElement>> Events(string code) =>
        [.. (await Client.Get($"api/batches/{code}/events", fixture.Party(Inspector)).Expect(HttpStatusCode.OK)).EnumerateArray()];

    private async Task AbsentBatch(string code) =>
        Assert.Equal(HttpStatusCode.NotFound, (await Client.Get($"api/batches/{code}", fixture.Party(Inspector))).StatusCode);

    [Fact]
    public async Task Harvest_merge_split_observation_custody_and_recall_captured_as_EPCIS_are_applied()
    {
        var events = new[]
        {
            Harvest("PS-EP26-H-0001", Farm, 60m), Harvest("PS-EP26-H-0002", Farm, 40m),
            Merge("PS-EP26-M-0001", 100m, "08:00", ("PS-EP26-H-0001", 60m), ("PS-EP26-H-0002", 40m)),
            Split("PS-EP26-M-0001", "09:00", ("PS-EP26-S-0001", 70m), ("PS-EP26-S-0002", 30m)),
            Stored("PS-EP26-S-0001", "10:00", 4.5m), Ship("PS-EP26-S-0001", Packer, "11:00", from: Producer),
        };
        var since = DateTimeOffset.UtcNow;
        var job = await fixture.Capture(events, fixture.Party(Producer));
        Assert.True(job.Success, job.ToString());
        // The capture is in the producer's audit trail, as its API writes are.
        var audit = await Audit.Read(Client, Producer, fixture.Party(Inspector), since);
        Assert.Contains(audit, a => a.Str("path") == "/epcis/capture" && a.GetProperty("status").GetInt32() == 202);
        var received = await fixture.Capture([Observe("PS-EP26-S-0001", "receiving", "15:00", "active")], fixture.Party(Packer));
        Assert.True(received.Success, received.ToString());
        var recalled = await fixture.Capture([Recall("PS-EP26-S-0002", "16:00", "residue above the limit")], fixture.Party(Inspector));
        Assert.True(recalled.Success, recalled.ToString());

        // The merge took all of both harvests; the split made two parts of the merged lot.
        Assert.Equal("repackaging", (await Events("PS-EP26-H-0001")).Last().Str("bizStep"));
        Assert.Equal(0m, (await Batch("PS-EP26-H-0002")).GetProperty("remaining").GetDecimal());
        var merged = await Batch("PS-EP26-M-0001");
        Assert.Equal(["PS-EP26-H-0001", "PS-EP26-H-0002"],
            merged.GetProperty("origin").GetProperty("parents").EnumerateArray().Select(p => p.Str("batch")));
        Assert.Equal(["PS-EP26-S-0001", "PS-EP26-S-0002"], merged.GetProperty("children").EnumerateArray().Select(c => c.Str("batch")));
        // The part: stored cold (the reading kept), shipped by the producer, received by the packer, who holds it now.
        var part = await Events("PS-EP26-S-0001");
        Assert.Equal(["commissioning", "storing", "shipping", "receiving"], part.Select(e => e.Str("bizStep")));
        var reading = part[1].GetProperty("sensors").EnumerateArray().Single();
        Assert.Equal(("Temperature", 4.5m, "CEL"), (reading.Str("type"), reading.GetProperty("value").GetDecimal(), reading.Str("unit")));
        Assert.Equal(Producer, part[2].Str("actor"));
        Assert.Equal(Packer, part[3].Str("actor"));
        Assert.Equal(Packer, (await Batch("PS-EP26-S-0001")).Str("custodian"));
        // The recall: the inspector's holding event, and the public verdict says so.
        Assert.Equal("recalled", (await Events("PS-EP26-S-0002")).Last().Str("disposition"));
        var verification = await Client.GetAsync("api/batches/PS-EP26-S-0002/verification").Expect(HttpStatusCode.OK);
        Assert.Equal("Recalled", verification.GetProperty("verdict").ToString(), StringComparer.OrdinalIgnoreCase);

        // Every event is stored about its lot (the query side shows a lot's readers its events).
        var stored = await fixture.StoredBatches(HashIds(events));
        Assert.Equal(["PS-EP26-H-0001", "PS-EP26-H-0002", "PS-EP26-M-0001", "PS-EP26-M-0001", "PS-EP26-S-0001", "PS-EP26-S-0001"],
            HashIds(events).Select(id => stored[id]));
    }

    [Fact]
    public async Task Under_rollback_a_refused_event_applies_and_stores_nothing_of_the_document()
    {
        // Another producer's lot, in its custody.
        var theirs = await fixture.Capture([Harvest("QS-EP26-H-0001", OtherFarm, 50m)], fixture.Party(OtherProducer));
        Assert.True(theirs.Success, theirs.ToString());

        // The harvest would pass alone; the merge that takes it with a lot the producer does not hold is refused, so the
        // check refuses the document before anything is applied: the harvest's lot is not made.
        var events = new[]
        {
            Harvest("PS-EP26-H-0101", Farm, 30m),
            Merge("PS-EP26-M-0101", 80m, "08:00", ("PS-EP26-H-0101", 30m), ("QS-EP26-H-0001", 50m)),
        };
        var job = await fixture.Capture(events, fixture.Party(Producer));
        Assert.False(job.Success);
        Assert.Equal(0, job.Stored);
        var error = Assert.Single(job.Errors);
        Assert.Equal((1, 403), (error.Index, error.Status));
        Assert.Equal("auth.forbidden", error.Rule);
        await AbsentBatch("PS-EP26-H-0101");
        await AbsentBatch("PS-EP26-M-0101");
        Assert.Empty(await fixture.StoredBatches(HashIds(events)));
        Assert.Single(await Events("QS-EP26-H-0001"));
    }

    [Fact]
    public async Task Under_proceed_the_events_that_pass_are_applied_and_the_refused_one_fails_with_its_rule()
    {
        // A harvest on the producer's farm, one on a farm it does not own, an observation of the first lot.
        var events = new[]
        {
            Harvest("PS-EP26-H-0201", Farm, 20m), Harvest("PS-EP26-H-0202", OtherFarm, 20m), Stored("PS-EP26-H-0201", "09:00", 6m),
        };
        var rolledBack = await fixture.Capture(events, fixture.Party(Producer));
        Assert.False(rolledBack.Success);
        Assert.Equal((1, 403), (rolledBack.Errors.Single().Index, rolledBack.Errors.Single().Status));
        await AbsentBatch("PS-EP26-H-0201");

        var job = await fixture.Capture(events, fixture.Party(Producer), "proceed");
        Assert.False(job.Success);
        var error = Assert.Single(job.Errors);
        Assert.Equal((1, 403), (error.Index, error.Status));
        Assert.False(string.IsNullOrEmpty(error.Rule));
        Assert.Equal(["commissioning", "storing"], (await Events("PS-EP26-H-0201")).Select(e => e.Str("bizStep")));
        await AbsentBatch("PS-EP26-H-0202");
        var stored = await fixture.StoredBatches(HashIds(events));
        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain(HashIds(events)[1], stored.Keys);
    }

    [Fact]
    public async Task Capturing_the_same_document_again_or_after_a_lost_store_applies_nothing_twice()
    {
        var events = new[]
        {
            Harvest("PS-EP26-H-0301", Farm, 25m), Split("PS-EP26-H-0301", "08:00", ("PS-EP26-S-0301", 10m)),
            Stored("PS-EP26-H-0301", "09:00", 5m), Ship("PS-EP26-H-0301", Packer, "10:00"),
        };
        var first = await fixture.Capture(events, fixture.Party(Producer));
        Assert.True(first.Success, first.ToString());
        var before = await Events("PS-EP26-H-0301");
        Assert.Equal(4, before.Count);

        var again = await fixture.Capture(events, fixture.Party(Producer));
        Assert.True(again.Success, again.ToString());
        Assert.Equal(4, again.Stored);
        Assert.Equal(before.Select(e => e.Str("hash")), (await Events("PS-EP26-H-0301")).Select(e => e.Str("hash")));

        // As if the silo had died after applying and before storing: the events are applied, not stored. The retry finds
        // every command applied already (by the ids drawn from the eventIDs), applies nothing and stores them.
        await fixture.ForgetStored(HashIds(events));
        var retried = await fixture.Capture(events, fixture.Party(Producer));
        Assert.True(retried.Success, retried.ToString());
        Assert.Equal(before.Select(e => e.Str("hash")), (await Events("PS-EP26-H-0301")).Select(e => e.Str("hash")));
        Assert.Single(await Events("PS-EP26-S-0301"));
        Assert.Equal(4, (await fixture.StoredBatches(HashIds(events))).Count);
    }

    [Fact]
    public async Task A_retry_of_a_long_document_finds_its_events_also_in_the_lot_s_sealed_pages()
    {
        // More events than a batch keeps in its own row (16): the older ones are in sealed pages when the retry looks them up.
        // The shipment among them could not be checked again as new (the lot is in transit already): it must be found.
        var events = new[] { Harvest("PS-EP26-H-0501", Farm, 10m) }
            .Concat(Enumerable.Range(0, 23).Select(i => Stored("PS-EP26-H-0501", $"07:{i:00}", 4m + i / 10m)))
            .Append(Ship("PS-EP26-H-0501", Packer, "08:00")).ToArray();
        events = [events[0], events[^1], .. events[1..^1]];
        events[1]["eventTime"] = $"{Day}T06:30:00.000+07:00";
        Assert.True((await fixture.Capture(events, fixture.Party(Producer))).Success);
        var before = (await Events("PS-EP26-H-0501")).Select(e => e.Str("hash")).ToList();
        Assert.Equal(25, before.Count);

        await fixture.ForgetStored(HashIds(events));
        var retried = await fixture.Capture(events, fixture.Party(Producer));
        Assert.True(retried.Success, retried.ToString());
        Assert.Equal(before, (await Events("PS-EP26-H-0501")).Select(e => e.Str("hash")));
        Assert.Equal(25, (await fixture.StoredBatches(HashIds(events))).Count);
    }

    [Fact]
    public async Task One_event_posted_alone_is_applied_or_refused_with_its_rule()
    {
        Task<HttpResponseMessage> Post(System.Text.Json.Nodes.JsonObject e)
        {
            e["@context"] = Nguon.Domain.Epcis.NguonEpcisForm.DocumentContext();
            return Client.SendAuthorized(HttpMethod.Post, "epcis/events", e.ToJsonString(), $"Bearer {fixture.Party(Producer).Token}");
        }

        using var created = await Post(Harvest("PS-EP26-H-0401", Farm, 15m));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Single(await Events("PS-EP26-H-0401"));

        using var refused = await Post(Harvest("PS-EP26-H-0402", OtherFarm, 15m));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("auth.forbidden", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AbsentBatch("PS-EP26-H-0402");
    }

    [Fact]
    public async Task Two_captures_racing_for_one_lot_never_take_more_than_it_holds_and_store_exactly_what_they_applied()
    {
        // Each round: a 100 kg lot, and two documents captured at once that each split 70 kg from it. Document A also
        // records a reading on the lot before its split and one on its part after. Whatever the interleaving, exactly one
        // split happens; the other document is refused at its split, in the check (nothing of it applied) or, when the
        // other's split landed between its check and its apply, at the apply (its first event applied and stored, the
        // last neither). Either way the repository stores exactly the events Nguon applied.
        var (atCheck, atApply, bWon) = (0, 0, 0);
        for (var round = 0; round < 6; round++)
        {
            var (lot, partA, partB) = ($"PS-EP26-H-07{round:00}", $"PS-EP26-S-07{round:00}", $"PS-EP26-S-08{round:00}");
            Assert.True((await fixture.Capture([Harvest(lot, Farm, 100m)], fixture.Party(Producer))).Success);
            var a = new[] { Stored(lot, "08:00", 5m), Split(lot, "09:00", (partA, 70m)), Stored(partA, "10:00", 4m) };
            var b = new[] { Split(lot, "09:30", (partB, 70m)) };
            var jobs = await Task.WhenAll(fixture.Capture(a, fixture.Party(Producer)), fixture.Capture(b, fixture.Party(Producer)));
            var (jobA, jobB) = (jobs[0], jobs[1]);

            Assert.True(jobA.Success ^ jobB.Success, $"exactly one split: A {jobA}, B {jobB}");
            Assert.Equal(30m, (await Batch(lot)).GetProperty("remaining").GetDecimal());
            var storedA = await fixture.StoredBatches(HashIds(a));
            var steps = (await Events(lot)).Select(e => e.Str("bizStep")).ToList();
            var readingApplied = steps.Contains("storing");
            if (jobA.Success)
            {
                Assert.Equal(3, storedA.Count);
                Assert.True(readingApplied);
                Assert.Equal(0, jobB.Stored);
                Assert.Equal(0, Assert.Single(jobB.Errors).Index);
                await AbsentBatch(partB);
                continue;
            }
            bWon++;
            // Refused at its split for the quantity (in the check, the part's reading after it is refused too: no such lot).
            Assert.Equal((1, "mass-balance.split"), (jobA.Errors[0].Index, jobA.Errors[0].Rule));
            Assert.All(jobA.Errors.Skip(1), e => Assert.Equal(2, e.Index));
            await AbsentBatch(partA);
            Assert.Single(await Events(partB));
            Assert.DoesNotContain(HashIds(a)[1], storedA.Keys);
            Assert.DoesNotContain(HashIds(a)[2], storedA.Keys);
            // The reading before the split: stored if and only if applied.
            Assert.Equal(readingApplied, storedA.ContainsKey(HashIds(a)[0]));
            Assert.Equal(readingApplied ? 1 : 0, jobA.Stored);
            if (readingApplied) atApply++;
            else atCheck++;
        }
        output.WriteLine($"6 rounds: B's split first in {bWon} (A refused in the check {atCheck}, between check and apply {atApply})");
    }
}
