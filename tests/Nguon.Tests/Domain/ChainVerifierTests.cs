using Nguon.Domain;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class ChainVerifierTests
{
    /// <summary>Two GI harvests from the same orchard; H-1 split into S-1 and S-2; S-1 merged with H-2 into M-1.</summary>
    private static ChainBuilder Chain(string? secondClaim = GiNumber)
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.Harvest("H-2", 500m, gi: secondClaim, harvestedAt: HarvestTime.AddDays(2));
        return b.Split("H-1", ("S-1", 600m), ("S-2", 400m)).Merge("M-1", ("S-1", 600m), ("H-2", 500m));
    }

    private static Verification Verify(ChainBuilder b, string root = "M-1", IReadOnlyList<Farm>? farms = null,
        IReadOnlyList<Certificate>? certificates = null, IEnumerable<string>? leaveOut = null, string? claimedGi = null) =>
        ChainVerifier.Verify(b.Graph(root, farms, certificates, leaveOut), Heads, Now, claimedGi);

    private static string[] Rules(Verification v) => [.. v.Reasons.Select(r => r.Rule)];

    [Fact]
    public void Untouched_chain_from_authorised_farm_is_verified()
    {
        var graph = Chain().Graph("M-1");
        var v = ChainVerifier.Verify(graph, Heads, Now);
        Assert.Equal(Verdict.Verified, v.Verdict);
        Assert.Empty(v.Reasons);
        Assert.Equal("M-1", v.Batch);
        Assert.Equal(GiNumber, v.GiClaim);
        Assert.Equal(graph.RootHash, v.RootHash);
        Assert.Equal(4, v.BatchesChecked);
        Assert.Equal(Now, v.CheckedAt);
    }

    [Fact]
    public void Split_child_and_harvest_verify_on_their_own()
    {
        Assert.Equal(Verdict.Verified, Verify(Chain(), "S-2").Verdict);
        Assert.Equal(Verdict.Verified, Verify(Chain(), "H-1").Verdict);
    }

    [Fact]
    public void Certificate_suspended_after_harvest_fails_every_downstream_batch()
    {
        var cert = Certificate(Change(At(2025, 6, 25), CertificateStatus.Suspended, "counterfeit labels found"));
        foreach (var root in new[] { "M-1", "S-2", "H-1" })
        {
            var v = Verify(Chain(), root, certificates: [cert]);
            Assert.Equal(Verdict.NotVerified, v.Verdict);
            Assert.Contains(v.Reasons, r => r.Rule == "gi.certificate-inactive" && r.Message.Contains("suspended"));
        }
    }

    [Fact]
    public void Certificate_suspended_only_in_the_future_still_verifies()
    {
        Assert.Equal(Verdict.Verified, Verify(Chain(), certificates: [Certificate(Change(At(2025, 8, 1), CertificateStatus.Suspended))]).Verdict);
    }

    [Fact]
    public void Authorisation_revoked_after_harvest_fails_the_chain()
    {
        var farm = Farm(OrchardInLucNgan, Authorisation(Change(At(2025, 6, 28), CertificateStatus.Revoked, "fraud")));
        var v = Verify(Chain(), farms: [farm]);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains("gi.authorisation-inactive", Rules(v));
    }

    [Fact]
    public void Harvest_rules_use_the_first_event_time_as_harvest_time()
    {
        var cert = Certificate() with { ValidTo = HarvestTime.AddDays(1) };
        var v = Verify(Chain(), certificates: [cert]);
        var reason = Assert.Single(v.Reasons);
        Assert.Equal("gi.certificate-not-valid", reason.Rule);
        Assert.Contains("2025-06-12", reason.Message);
    }

    [Fact]
    public void Tampered_event_in_an_ancestor_fails_the_descendant()
    {
        var b = Chain().Tamper("H-1", 1, e => e with { Quantity = new Quantity(5_000m, "kg") });
        var v = Verify(b);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "integrity.hash" && r.Message == "event 1 of H-1 fails its hash");
    }

    [Fact]
    public void Ancestor_history_rewritten_and_resealed_without_the_key_fails_its_signature()
    {
        var b = Chain().Rewrite("H-1", 1, e => e with { BizLocation = "Lạng Giang" });
        var v = Verify(b);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "integrity.signature"
            && r.Message == "the head of batch H-1 is not signed by this silo's keys");
        Assert.Contains("integrity.lineage", Rules(v));
    }

    [Fact]
    public void Ancestor_history_rewritten_even_with_the_key_no_longer_matches_the_lineage()
    {
        var b = Chain().Rewrite("H-1", 1, e => e with { BizLocation = "Lạng Giang" }, resign: true);
        var v = Verify(b);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        var reason = Assert.Single(v.Reasons);
        Assert.Equal("integrity.lineage", reason.Rule);
        Assert.Contains("history of H-1 no longer matches what S-1 recorded", reason.Message);
    }

    [Fact]
    public void Parent_link_to_a_missing_event_sequence_is_a_lineage_mismatch()
    {
        var b = Chain().Update("S-1", s => s with { Origin = s.Origin with { Parents = [s.Origin.Parents[0] with { ParentEventSequence = 9 }] } });
        Assert.Equal(["integrity.creation", "integrity.lineage"], Rules(Verify(b)));
        var resigned = Chain().Recreate("M-1", m => m with
        {
            Origin = m.Origin with { Parents = [m.Origin.Parents[0] with { ParentEventSequence = 9 }, m.Origin.Parents[1]] },
        });
        Assert.Equal(["integrity.lineage"], Rules(Verify(resigned)));
    }

    [Fact]
    public void Lost_event_history_is_reported()
    {
        var b = Chain().Truncate("H-1", 2);
        var rules = Rules(Verify(b));
        Assert.Contains("integrity.head", rules);
        Assert.Contains("integrity.count", rules);
        Assert.Contains("integrity.lineage", rules);
    }

    [Fact]
    public void Event_count_differing_from_the_stored_events_is_reported()
    {
        var v = Verify(Chain().Update("S-1", s => s with { EventCount = 3 }));
        var reason = Assert.Single(v.Reasons);
        Assert.Equal("integrity.count", reason.Rule);
        Assert.Equal("S-1 records 3 events but 2 were found", reason.Message);
    }

    [Fact]
    public void Root_claiming_gi_over_an_input_without_claim_is_diluted()
    {
        var b = Chain(secondClaim: null).Recreate("M-1", m => m with { GiClaim = GiNumber });
        var v = Verify(b);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "gi.dilution" && r.Message == "input H-2 carries no GI claim");
    }

    [Fact]
    public void Root_claiming_gi_over_an_input_with_another_gi_is_diluted()
    {
        var b = Chain(secondClaim: "VN-GI-00099").Recreate("M-1", m => m with { GiClaim = GiNumber });
        Assert.Contains(Verify(b).Reasons, r => r.Rule == "gi.dilution" && r.Message.Contains($"claims GI VN-GI-00099, not {GiNumber}"));
    }

    [Fact]
    public void Merge_of_claimed_and_unclaimed_inputs_carries_no_claim()
    {
        var v = Verify(Chain(secondClaim: null));
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Null(v.GiClaim);
        Assert.Equal(["gi.no-claim"], Rules(v));
    }

    [Fact]
    public void Label_claiming_the_batch_own_gi_is_verified()
    {
        var v = Verify(Chain(), claimedGi: GiNumber);
        Assert.Equal(Verdict.Verified, v.Verdict);
        Assert.Equal(GiNumber, v.GiClaim);
    }

    [Fact]
    public void Label_claiming_a_gi_on_a_batch_without_claim_is_refused_with_the_reason()
    {
        var v = Verify(Chain(secondClaim: null), claimedGi: GiNumber);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Equal(GiNumber, v.GiClaim);
        Assert.Contains(v.Reasons, r => r.Rule == "gi.no-claim" && r.Message == $"M-1 carries no GI claim, yet is labelled GI {GiNumber}");
        Assert.Contains(v.Reasons, r => r.Rule == "gi.dilution" && r.Message == "input H-2 carries no GI claim");
        Assert.DoesNotContain(v.Reasons, r => r.Message.Contains("input M-1"));
    }

    [Fact]
    public void Label_claiming_another_gi_than_the_batch_is_refused()
    {
        var other = Certificate() with { Number = "VN-GI-00099" };
        var v = Verify(Chain(), certificates: [Certificate(), other], claimedGi: "VN-GI-00099");
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "gi.no-claim" && r.Message == $"M-1 claims GI {GiNumber}, not GI VN-GI-00099");
        Assert.Contains(v.Reasons, r => r.Rule == "gi.dilution" && r.Message == $"input H-1 claims GI {GiNumber}, not VN-GI-00099");
    }

    [Fact]
    public void Recalled_ancestor_makes_the_descendant_recalled()
    {
        var v = Verify(Chain().Record("H-1", "holding", "recalled"));
        Assert.Equal(Verdict.Recalled, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "recall" && r.Message == "ancestor H-1 has been recalled");
    }

    [Fact]
    public void Recalled_root_is_recalled_and_recall_wins_over_other_reasons()
    {
        var b = Chain().Record("M-1", "holding", "recalled").Tamper("H-2", 1, e => e with { Actor = "x" });
        var v = Verify(b);
        Assert.Equal(Verdict.Recalled, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Message == "M-1 has been recalled");
        Assert.Contains("integrity.hash", Rules(v));
    }

    [Fact]
    public void Missing_ancestor_is_reported()
    {
        var v = Verify(Chain(), leaveOut: ["H-1"]);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "lineage.missing" && r.Message == "ancestor H-1 is missing from the record");
    }

    [Fact]
    public void An_ancestor_absent_from_the_graph_is_reported_even_when_not_listed_as_missing()
    {
        var graph = Chain().Graph("M-1", null, null, ["H-1"]);
        var v = ChainVerifier.Verify(graph with { Missing = [] }, Heads, Now);
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "lineage.missing" && r.Message == "ancestor H-1 is missing from the record");
    }

    [Fact]
    public void Unregistered_origin_farm_is_reported()
    {
        Assert.Equal(["gi.farm-unknown"], Rules(Verify(Chain(), "H-1", farms: [])));
        Assert.Equal(["gi.farm-unknown"], Rules(Verify(Chain().Recreate("H-1", h => h with { Origin = h.Origin with { Farm = null } }), "H-1")));
    }

    [Fact]
    public void Unregistered_gi_is_reported()
    {
        Assert.Equal(["gi.certificate-unknown"], Rules(Verify(Chain(), certificates: [])));
    }

    [Fact]
    public void Farm_outside_the_protected_area_fails_verification()
    {
        Assert.Equal(["gi.outside-area"], Rules(Verify(Chain(), farms: [Farm(HaNoi)])));
    }

    [Fact]
    public void Harvest_of_another_product_fails_verification()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 100m, product: "longan");
        Assert.Equal(["gi.product-mismatch"], Rules(Verify(b, "H-1")));
    }

    [Fact]
    public void Ancestor_whose_events_took_more_than_it_had_fails_the_mass_balance_audit()
    {
        var b = Chain().Split("S-2", ("X-1", 500m));
        var v = Verify(b, "X-1");
        Assert.Equal(["mass-balance.audit"], Rules(v));
        Assert.Equal("S-2 does not balance: 400 kg in, 500 taken by children, -100 left", v.Reasons[0].Message);
    }

    [Fact]
    public void Edited_remaining_quantity_is_not_believed_and_is_reported()
    {
        var v = Verify(Chain().Update("H-1", h => h with { Remaining = 1_000m }));
        var reason = Assert.Single(v.Reasons);
        Assert.Equal(("integrity.header", "the record of batch H-1 disagrees with its events (remaining)"), (reason.Rule, reason.Message));
    }

    [Fact]
    public void Edited_looping_lineage_is_reported_as_a_cycle()
    {
        var b = Chain();
        b.Update("H-1", h => h with { Origin = h.Origin with { Parents = [b["M-1"].Origin.Parents[0] with { Batch = "S-1" }] } });
        Assert.Contains("lineage.cycle", Rules(ChainVerifier.Verify(b.Graph("S-1"), Heads, Now)));
    }

    [Fact]
    public void Same_reason_from_two_harvests_is_reported_once()
    {
        var cert = Certificate(Change(At(2025, 6, 25), CertificateStatus.Suspended));
        Assert.Single(Verify(Chain(), certificates: [cert]).Reasons);
    }
}
