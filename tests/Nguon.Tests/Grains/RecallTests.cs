using Microsoft.AspNetCore.Http;
using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Model;
using Nguon.Silo.Labels;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>Issue 12 item 6: an inspector or the authority recalls any lot, consumed or not; every descendant's
/// verdict says recalled, naming the recalled ancestor; a farm-season recall reaches everything its harvests reached.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class RecallTests(MemoryClusterFixture fixture)
{
    private Scenario NewScenario() => new(fixture.Grains);

    private static LabelText English()
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString("?lang=en");
        return LabelText.For(http.Request);
    }

    [Fact]
    public async Task Recalling_a_consumed_harvest_recalls_every_descendant_and_the_label_page_says_so()
    {
        var s = await NewScenario().WithChain(); // h1 (1000 kg) went wholly into packed, then export and retail
        Assert.Equal(BatchStatus.Consumed, (await s.Batch("h1").GetRecord())!.Status);

        var recall = Scenario.Ok(await s.Batch("h1").Recall(new RecallBatch("residue finding", Scenario.At(6, 12)), s.Inspector));
        // The reason is a field of its own in the hashed recall event (no longer its read point).
        Assert.Equal(("inspector", "holding", "recalled", "residue finding", null),
            (recall.Actor, recall.BizStep, recall.Disposition, recall.Reason, recall.ReadPoint));
        var h1 = Scenario.Ok(await s.Batch("h1").GetEvents(s.Inspector));
        var header = (await s.Batch("h1").GetRecord())!;
        Assert.Empty(EventHashing.VerifyChain(s.Id("h1"), BatchRecord.CreationHash(header), h1, header.HeadHash));
        Assert.Equal(recall.Hash, h1[^1].Hash);
        Assert.Equal(BatchStatus.Recalled, (await s.Batch("h1").GetRecord())!.Status);

        foreach (var lot in new[] { "packed", "export", "retail" })
        {
            var full = Scenario.Ok(await s.Trace.Verify(s.Id(lot), null, s.Inspector));
            Assert.Equal(Verdict.Recalled, full.Verdict);
            Assert.Contains(full.Reasons, r => r.Rule == "recall" && r.Message == $"ancestor {s.Id("h1")} has been recalled");
            var shown = Scenario.Ok(await s.Trace.VerifyPublic(s.Id(lot), null));
            Assert.Equal(Verdict.Recalled, shown.Verdict);
            Assert.Contains(shown.Reasons, r => r.Message == $"ancestor {s.Id("h1")} has been recalled");
            Assert.Contains(shown.Journey!, j => j.Step == "recall");
            var page = LabelPage.Render(shown, English(), $"/01/x/10/{lot}");
            Assert.Contains("data-verdict=\"recalled\"", page, StringComparison.Ordinal);
            Assert.Contains("This lot has been recalled", page, StringComparison.Ordinal);
        }
        // A lot that never contained h1's fruit is unaffected.
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("h2"), null, s.Inspector)).Verdict);
    }

    [Fact]
    public async Task The_authority_recalls_too_a_producer_or_operator_may_not_and_a_recall_states_its_reason()
    {
        var s = await NewScenario().WithChain();
        var packer = await s.Organisation("packer", Role.Operator);
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Batch("export").Recall(new RecallBatch("bad"), s.Producer)).Status);
        Assert.Equal(OutcomeStatus.Forbidden, (await s.Batch("export").Recall(new RecallBatch("bad"), packer)).Status);
        // The custodian can no longer recall through an event either.
        var asEvent = await s.Batch("export").RecordEvent(new RecordEvent("holding", Scenario.At(6, 12), Disposition: "recalled"), s.Producer);
        Assert.Equal(OutcomeStatus.Forbidden, asEvent.Status);
        Assert.Equal(BatchStatus.Active, (await s.Batch("export").GetRecord())!.Status);

        Assert.Equal("input.reason", Assert.Single((await s.Batch("export").Recall(new RecallBatch(" "), s.Authority)).Violations).Rule);
        Scenario.Ok(await s.Batch("export").Recall(new RecallBatch("fraud", EventId: "r-1"), s.Authority));
        // The same recall again is a retry; another recall of a recalled lot is a conflict.
        Scenario.Ok(await s.Batch("export").Recall(new RecallBatch("fraud", EventId: "r-1"), s.Authority));
        var again = await s.Batch("export").Recall(new RecallBatch("fraud", EventId: "r-2"), s.Inspector);
        Assert.Equal((OutcomeStatus.Conflict, "state.recalled"), (again.Status, Assert.Single(again.Violations).Rule));
        Assert.Equal(2, (await s.Batch("export").GetRecord())!.EventCount); // its split commissioning and one recall
    }

    [Fact]
    public async Task A_farm_season_recall_recalls_every_harvest_and_so_everything_they_reached()
    {
        var s = await NewScenario().WithChain();
        await s.Harvest("farm-b", "h3", 50m);
        Assert.Equal(OutcomeStatus.Forbidden,
            (await s.Farm("farm-b").RecallSeason("2026", new RecallBatch("pesticide"), s.Producer)).Status);

        var done = Scenario.Ok(await s.Farm("farm-b").RecallSeason("2026", new RecallBatch("pesticide"), s.Inspector));
        Assert.Equal([s.Id("h2"), s.Id("h3")], done.Recalled.Order().ToArray());
        foreach (var lot in new[] { "h2", "h3", "packed", "export", "retail" })
            Assert.Equal(Verdict.Recalled, Scenario.Ok(await s.Trace.Verify(s.Id(lot), null, s.Inspector)).Verdict);
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("h1"), null, s.Inspector)).Verdict);

        var twice = Scenario.Ok(await s.Farm("farm-b").RecallSeason("2026", new RecallBatch("pesticide"), s.Authority));
        Assert.Equal([s.Id("h2"), s.Id("h3")], twice.AlreadyRecalled.Order().ToArray());
        Assert.Empty(twice.Recalled);
        Assert.Equal("season.empty",
            Assert.Single((await s.Farm("farm-b").RecallSeason("2019", new RecallBatch("x"), s.Inspector)).Violations).Rule);
    }
}
