using Nguon.Domain;
using Nguon.Domain.Certificates;
using Nguon.Infrastructure;
using Nguon.Model;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>Issue 12: what the verdict reads is recomputed from hashed, signed chains. An edited header, certificate or
/// farm changes nothing the verdict reads unnoticed: each edit is reported naming the record.</summary>
public class RecordIntegrityTests
{
    /// <summary>H-1 split into S-1 and S-2; S-1 merged with H-2 into M-1 (as in ChainVerifierTests).</summary>
    private static ChainBuilder Chain()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.Harvest("H-2", 500m, harvestedAt: HarvestTime.AddDays(2));
        return b.Split("H-1", ("S-1", 600m), ("S-2", 400m)).Merge("M-1", ("S-1", 600m), ("H-2", 500m));
    }

    private static Verification Verify(ProvenanceGraph graph, HeadCheck? heads = null) => ChainVerifier.Verify(graph, heads ?? Heads, Now);

    private static string[] Rules(Verification v) => [.. v.Reasons.Select(r => r.Rule)];

    [Theory]
    [InlineData("gi")]
    [InlineData("farm")]
    [InlineData("quantity")]
    [InlineData("product")]
    [InlineData("label")]
    [InlineData("created")]
    public void An_edited_creation_record_fails_the_batch_and_every_descendant_naming_it(string field)
    {
        var b = Chain().Update("H-1", h => field switch
        {
            "gi" => h with { GiClaim = "VN-GI-00099" },
            "farm" => h with { Origin = h.Origin with { Farm = "BG-LN-0002" } },
            "quantity" => h with { Quantity = new(8_000m, "kg") },
            "product" => h with { Variety = "Hùng Long" },
            "label" => h with { Gtin = "08935000100011", Lot = "L-2025" },
            _ => h with { CreatedAt = h.CreatedAt.AddDays(-1) },
        });
        foreach (var root in new[] { "H-1", "S-2", "M-1" })
        {
            var v = Verify(b.Graph(root));
            Assert.Equal(Verdict.NotVerified, v.Verdict);
            Assert.Contains(v.Reasons, r => r.Rule == "integrity.creation" && r.Message.StartsWith("the record of batch H-1 was changed"));
        }
        Assert.Equal(Verdict.Verified, Verify(b.Graph("H-2")).Verdict);
    }

    [Fact]
    public void A_recalled_status_written_into_the_header_is_not_a_recall_but_an_integrity_failure()
    {
        var v = Verify(Chain().Update("H-1", h => h with { Status = BatchStatus.Recalled }).Graph("M-1"));
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Equal(["integrity.header"], Rules(v));
        Assert.Equal("the record of batch H-1 disagrees with its events (status)", v.Reasons[0].Message);
    }

    [Fact]
    public void Custody_and_children_are_what_the_events_say()
    {
        var v = Verify(Chain().Update("S-1", s => s with
        {
            Custodian = "SOMEONE-ELSE",
            Destination = "AEON-VN",
            Children = [],
            Remaining = 600m,
            Status = BatchStatus.Active,
        }).Graph("M-1"));
        Assert.Equal("the record of batch S-1 disagrees with its events (remaining, status, custodian, destination, children)",
            Assert.Single(v.Reasons).Message);
    }

    [Fact]
    public void A_recall_event_recalls_whatever_the_header_says()
    {
        var b = Chain().Record("H-1", "holding", "recalled").Update("H-1", h => h with { Status = BatchStatus.Consumed });
        var v = Verify(b.Graph("M-1"));
        Assert.Equal(Verdict.Recalled, v.Verdict);
        Assert.Contains("integrity.header", Rules(v));
    }

    [Fact]
    public void Heads_signed_by_another_key_or_not_at_all_fail_naming_each_batch()
    {
        var graph = Chain().Graph("M-1");
        var stranger = EcdsaRecordSigner.Ephemeral().HeadCheck();
        Assert.Equal(["batch H-1", "batch H-2", "batch M-1", "batch S-1", $"certificate {GiNumber}", $"farm {FarmCode}"],
            Verify(graph, stranger).Reasons.Where(r => r.Rule == "integrity.signature")
                .Select(r => string.Join(' ', r.Message.Split(' ')[3..5])).Order(StringComparer.Ordinal));
        var unsigned = graph with { Batches = [.. graph.Batches.Select(n => n.Batch.Code == "S-1" ? n with { Signature = null } : n)] };
        Assert.Equal(("integrity.signature", "the head of batch S-1 is not signed by this silo's keys"),
            Verify(unsigned).Reasons.Select(r => (r.Rule, r.Message)).Single());
    }

    [Fact]
    public void A_head_signature_does_not_move_to_another_record_or_head()
    {
        var graph = Chain().Graph("M-1");
        var h1 = graph.Batches.Single(n => n.Batch.Code == "H-1").Signature;
        var moved = graph with { Batches = [.. graph.Batches.Select(n => n.Batch.Code == "H-2" ? n with { Signature = h1 } : n)] };
        Assert.Equal(["integrity.signature"], Rules(Verify(moved)));
    }

    [Fact]
    public void The_certificate_status_is_read_from_its_log_and_a_presented_record_unlike_it_is_reported()
    {
        var suspended = Certificate(Change(At(2025, 6, 25), CertificateStatus.Suspended, "counterfeit labels found"));
        var graph = Chain().Graph("M-1", certificates: [suspended]);
        // The record shown says active, with no history; its log says suspended.
        var v = Verify(graph with { Certificates = [suspended with { Status = CertificateStatus.Active, StatusHistory = [] }] });
        Assert.Equal(Verdict.NotVerified, v.Verdict);
        Assert.Contains(v.Reasons, r => r.Rule == "gi.certificate-inactive" && r.Message.Contains("counterfeit labels found"));
        Assert.Contains(v.Reasons, r => r.Message == $"the record of certificate {GiNumber} is not what its log makes it");
    }

    [Fact]
    public void An_edited_certificate_log_fails_its_hash_and_a_consistently_rewritten_one_its_signature()
    {
        var suspended = Certificate(Change(At(2025, 6, 25), CertificateStatus.Suspended, "counterfeit labels found"));
        var graph = Chain().Graph("M-1", certificates: [suspended]);
        var log = graph.CertificateLogs.Single();
        var erased = log.Entries[1] with { StatusChange = log.Entries[1].StatusChange! with { Status = CertificateStatus.Active } };
        var tampered = Verify(graph with { Certificates = [Certificate()], CertificateLogs = [log with { Entries = [log.Entries[0], erased] }] });
        Assert.Contains(tampered.Reasons, r => r.Rule == "integrity.hash" && r.Message == $"entry 2 of certificate {GiNumber} fails its hash");

        // The suspension dropped and the chain still consistent (a shorter one): only the signed head tells.
        var dropped = Verify(graph with { Certificates = [Certificate()], CertificateLogs = [log with { Entries = [log.Entries[0]] }] });
        Assert.Equal(("integrity.signature", $"the head of certificate {GiNumber} is not signed by this silo's keys"),
            dropped.Reasons.Select(r => (r.Rule, r.Message)).Single());
    }

    [Fact]
    public void A_farm_moved_or_authorised_in_its_log_fails_naming_the_farm()
    {
        var graph = Chain().Graph("H-1");
        var log = graph.FarmLogs.Single();
        var registration = log.Entries[0].Registration!;
        var relocated = log.Entries[0] with { Registration = registration with { LocationGeoJson = HaNoi } };
        var moved = log with { Entries = [relocated, .. log.Entries.Skip(1)] };
        var v = Verify(graph with { FarmLogs = [moved] });
        Assert.Contains(v.Reasons, r => r.Rule == "integrity.hash" && r.Message == $"entry 1 of farm {FarmCode} fails its hash");
        Assert.Contains(v.Reasons, r => r.Rule == "integrity.farm");
        Assert.Contains("gi.outside-area", Rules(v)); // judged on what the log says

        var unauthorised = Verify(graph with { FarmLogs = [log with { Entries = [log.Entries[0]] }] });
        Assert.Contains(unauthorised.Reasons, r => r.Message == $"the head of farm {FarmCode} is not signed by this silo's keys");
        Assert.Contains("gi.farm-not-authorised", Rules(unauthorised));
    }

    [Fact]
    public void A_log_out_of_shape_is_reported()
    {
        var log = Logs.Of(Certificate(Change(At(2025, 6, 25), CertificateStatus.Suspended)));
        Assert.Contains(CertificateChain.Verify(GiNumber, [log.Entries[1] with { Sequence = 1 }]),
            v => v.Rule == "integrity.log" && v.Message == $"entry 1 of certificate {GiNumber} is not its registration");
        Assert.Contains(CertificateChain.Verify(GiNumber, []), v => v.Message == $"the log of certificate {GiNumber} is empty");
        Assert.Null(CertificateChain.Fold(GiNumber, [log.Entries[1]]));
    }
}
