using System.Text;
using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Domain.Certificates;
using Nguon.Domain.Farms;
using Nguon.Model;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>Golden vectors: fixed records and their fixed hashes. Every stored hash and signature depends on these
/// canonical forms, so a silent change of any of them (a field moved, renamed, formatted differently) fails here; a
/// deliberate change needs a new version tag.</summary>
public class CanonicalFormTests
{
    private static readonly DateTimeOffset Recorded = At(2025, 6, 10, 18);

    private static Batch Harvest() => new("H-1", "08935000100011", "L-2025", "lychee", "Thiều", new(1_000.0m, "kg"), 400m,
        BatchStatus.Consumed, GiNumber, "PACKER-1", "AEON-VN", new BatchOrigin(OriginKind.Harvest, FarmCode, "2025", [], null),
        [new QuantityLink("S-1", new(600m, "kg"))], 3, new string('f', 64), Recorded, "HTX-PHUONG-SON");

    [Fact]
    public void The_batch_creation_record_is_pinned_and_leaves_out_what_the_events_decide()
    {
        const string canonical = """["nguon-batch/1","H-1","lychee","Thi\u1EC1u",["1000","kg"],"VN-GI-00050",["harvest","BG-LN-0001","2025",[],null],"08935000100011","L-2025","HTX-PHUONG-SON","2025-06-10T18:00:00.0000000\u002B07:00"]""";
        Assert.Equal(canonical, Encoding.UTF8.GetString(BatchRecord.Canonical(Harvest())));
        Assert.Equal("04a8ea5d7fc57c59deed06eee3b312ac17930fce2ccabc6597910b9b82edd54f", BatchRecord.CreationHash(Harvest()));
        // Checked independently: printf '%s' "<the canonical text>" | sha256sum gives the same hash.
        // Remaining, status, custodian, destination, children, event count and head are the events' to say.
        Assert.Equal(BatchRecord.CreationHash(Harvest()), BatchRecord.CreationHash(Harvest() with
        {
            Remaining = 0m,
            Status = BatchStatus.Recalled,
            Custodian = "X",
            Destination = null,
            Children = [],
            EventCount = 9,
            HeadHash = "",
        }));
        var split = Harvest() with
        {
            Origin = new BatchOrigin(OriginKind.Transformation, null, null,
                [new ParentLink("P-1", new(2.50m, "t"), 4, new string('a', 64), null)], 0.95m),
        };
        Assert.Equal("1c8d2f55fcd7c7eccb898beebf7f52c1a40c85bc4b7564476934ae32e5248393", BatchRecord.CreationHash(split));
    }

    [Fact]
    public void The_event_form_version_2_is_pinned_with_the_recall_reason()
    {
        var recall = ChainBuilder.Event(4, "holding", At(2025, 6, 20), new string('e', 64), disposition: "recalled") with
        {
            ReadPoint = null,
            Actor = "INSPECTOR",
            Reason = "residue above the MRL",
        };
        const string canonical = """["nguon-event/2",4,"evt-0004-holding","ObjectEvent","holding","recalled","2025-06-20T08:00:00.0000000\u002B07:00","2025-06-20T08:05:00.0000000\u002B07:00",null,null,"INSPECTOR",null,[],[],[],[],null,"residue above the MRL","eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"]""";
        Assert.Equal(canonical, Encoding.UTF8.GetString(EventHashing.Canonical(recall)));
        Assert.Equal("fba4d869b86f2f9f6d60708a68bf2c7482d78d25cad46359efdb17955020edfa", EventHashing.Hash(recall));
    }

    [Fact]
    public void The_certificate_and_farm_entry_forms_are_pinned()
    {
        var certificate = Logs.Of(Certificate(Change(At(2025, 6, 25), CertificateStatus.Suspended, "counterfeit labels found")));
        Assert.Equal(["a1f84ea5150ad2c412164631ae955c3ff41b40d9d1dab4583a9778ee82f4e48f",
            "fcb3664ebbaf07a82f0af9b384a71c359393b74ed7d9c18b38023b645a523ca7"], certificate.Entries.Select(e => e.Hash));
        Assert.All(certificate.Entries, e => Assert.Equal(CertificateChain.Hash(GiNumber, e), e.Hash));
        Assert.StartsWith("""["nguon-certificate/1","VN-GI-00050",2,"status-changed","2025-06-25T08:00:00.0000000\u002B07:00",""",
            Encoding.UTF8.GetString(CertificateChain.Canonical(GiNumber, certificate.Entries[1])));

        var farm = Logs.Of(Farm(OrchardInLucNgan, Authorisation(Change(At(2025, 6, 28), CertificateStatus.Revoked, "fraud"))));
        Assert.Equal(["cfe9fbec9d29bc81e43f7e75bc0b14c1d18d271c13efef3afc752d597970e8cd",
            "1b3d94d6caadb8e2d4086f34bf4091310589c3218c419ffc0fc8d35e9624b361",
            "2fc89760cad46a7837169ce58bb033582288b95aaa6a08d2e028163234334bfc"], farm.Entries.Select(e => e.Hash));
        Assert.Equal(["registered", "authorised", "authorisation-changed"],
            farm.Entries.Select(e => System.Text.Json.JsonDocument.Parse(FarmChain.Canonical(FarmCode, e)).RootElement[3].GetString()));
    }

    [Fact]
    public void The_head_form_is_pinned()
    {
        var head = new ChainHead(RecordKind.Certificate, GiNumber, 2, new string('a', 64));
        Assert.Equal($"""["nguon-head/1","certificate","VN-GI-00050",2,"{new string('a', 64)}"]""",
            Encoding.UTF8.GetString(HeadSigning.Canonical(head)));
        Assert.NotEqual(HeadSigning.Canonical(head), HeadSigning.Canonical(head with { Kind = RecordKind.Farm }));
    }
}
