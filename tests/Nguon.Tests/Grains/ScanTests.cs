using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>Issue 13 item 1: a scan answers a kept verdict (judged over the chain once), yet a suspension, a farm's
/// revoked authorisation, a recall and a new event flip the scans of every downstream lot at once.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class ScanTests(MemoryClusterFixture fixture)
{
    private static readonly string[] Downstream = ["packed", "export", "retail"];

    private static async Task<PublicVerification> Scan(Scenario s, string lot, string? claim = null) =>
        Scenario.Ok(await s.Grains.GetGrain<IScanGrain>(0).Scan(s.Id(lot), claim)).Verification;

    private static async Task<Verdict[]> Verdicts(Scenario s, params string[] lots) =>
        (await Task.WhenAll(lots.Select(l => Scan(s, l)))).Select(v => v.Verdict).ToArray();

    [Fact]
    public async Task A_scan_answers_the_kept_verdict_the_same_as_a_full_public_verification()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var first = Scenario.Ok(await s.Grains.GetGrain<IScanGrain>(0).Scan(s.Id("retail"), null));
        var again = Scenario.Ok(await s.Grains.GetGrain<IScanGrain>(0).Scan(s.Id("retail"), null));
        // Kept: the second scan is the first judgement (same moment), not a second walk.
        Assert.Equal(first.Verification.CheckedAt, again.Verification.CheckedAt);
        Assert.Equal(first.Fingerprint, again.Fingerprint);
        var walked = Scenario.Ok(await s.Trace.VerifyPublic(s.Id("retail"), null));
        Scenario.Same(walked with { CheckedAt = default }, first.Verification with { CheckedAt = default });
        Assert.Equal(Verdict.Verified, first.Verification.Verdict);

        // Another claimed GI is its own verdict, and an unknown lot is refused, not kept.
        Assert.Equal(Verdict.NotVerified, (await Scan(s, "retail", "GI-other")).Verdict);
        Assert.Equal(Verdict.Verified, (await Scan(s, "retail")).Verdict);
        Assert.Equal(OutcomeStatus.NotFound, (await s.Grains.GetGrain<IScanGrain>(0).Scan(s.Id("nowhere"), null)).Status);
        Assert.Equal(OutcomeStatus.Rejected, (await s.Grains.GetGrain<IScanGrain>(0).Scan(s.Id("retail"), "bad claim")).Status);
    }

    [Fact]
    public async Task A_suspension_flips_every_downstream_scan_at_once_and_a_reinstatement_flips_them_back()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        Assert.All(await Verdicts(s, Downstream), v => Assert.Equal(Verdict.Verified, v));

        Scenario.Ok(await s.Certificate.ChangeStatus(new ChangeStatus(CertificateStatus.Suspended, "audit"), s.Authority));
        Assert.All(await Verdicts(s, [.. Downstream, "h2"]), v => Assert.Equal(Verdict.NotVerified, v));
        Assert.Contains((await Scan(s, "retail")).Reasons, r => r.Rule.StartsWith("gi.certificate", StringComparison.Ordinal));

        Scenario.Ok(await s.Certificate.ChangeStatus(new ChangeStatus(CertificateStatus.Active, "audit passed"), s.Authority));
        Assert.All(await Verdicts(s, Downstream), v => Assert.Equal(Verdict.Verified, v));
    }

    [Fact]
    public async Task A_farms_revoked_authorisation_flips_the_scans_of_every_lot_its_fruit_reached_and_no_other()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        Assert.All(await Verdicts(s, [.. Downstream, "h1", "h2"]), v => Assert.Equal(Verdict.Verified, v));

        Scenario.Ok(await s.Farm("farm-a").ChangeAuthorisation(s.Gi,
            new ChangeStatus(CertificateStatus.Revoked, "outside the area", Scenario.At(6, 1)), s.Authority));
        Assert.All(await Verdicts(s, [.. Downstream, "h1"]), v => Assert.Equal(Verdict.NotVerified, v));
        Assert.Equal([Verdict.Verified], await Verdicts(s, "h2"));
    }

    [Fact]
    public async Task A_recall_flips_every_downstream_scan_at_once()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        Assert.All(await Verdicts(s, [.. Downstream, "h1", "h2"]), v => Assert.Equal(Verdict.Verified, v));

        // h1 was wholly consumed by the packed lot: the recall reaches its descendants by the push, not by their events.
        Scenario.Ok(await s.Batch("h1").Recall(new RecallBatch("residue finding", Scenario.At(6, 12)), s.Inspector));
        foreach (var lot in Downstream)
        {
            var shown = await Scan(s, lot);
            Assert.Equal(Verdict.Recalled, shown.Verdict);
            Assert.Contains(shown.Reasons, r => r.Message == $"ancestor {s.Id("h1")} has been recalled");
        }
        Assert.Equal([Verdict.Recalled, Verdict.Verified], await Verdicts(s, "h1", "h2"));
    }

    [Fact]
    public async Task A_farm_season_recall_flips_the_scans_below_and_a_new_event_shows_on_the_next_scan()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        Assert.DoesNotContain((await Scan(s, "export")).Journey!, j => j.Step == "inspection");
        Scenario.Ok(await s.Batch("export").RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12)), s.Producer));
        Assert.Contains((await Scan(s, "export")).Journey!, j => j.Step == "inspection");

        Scenario.Ok(await s.Farm("farm-b").RecallSeason("2026", new RecallBatch("pesticide", Scenario.At(6, 13)), s.Inspector));
        Assert.All(await Verdicts(s, [.. Downstream, "h2"]), v => Assert.Equal(Verdict.Recalled, v));
        Assert.Equal([Verdict.Verified], await Verdicts(s, "h1"));
    }
}
