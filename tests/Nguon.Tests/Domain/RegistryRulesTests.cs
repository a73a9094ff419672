using Nguon.Domain;
using Nguon.Domain.Labels;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class LabelDecisionsTests
{
    [Fact]
    public void A_label_names_one_batch_first_come_first_served()
    {
        Assert.True(LabelDecisions.Claim("18934567001230/LN-1", null, "H-1") is { IsOk: true, Value.IsReplay: false });
        Assert.True(LabelDecisions.Claim("18934567001230/LN-1", "H-1", "H-1").Value!.IsReplay);
        var taken = LabelDecisions.Claim("18934567001230/LN/2026", "H-1", "H-2");
        Assert.Equal(InputRules.LabelTaken("18934567001230", "LN/2026", "H-1"), Assert.Single(taken.Violations));
    }

    [Fact]
    public void Only_the_holder_releases_a_label()
    {
        Assert.True(LabelDecisions.MayRelease("H-1", "H-1"));
        Assert.False(LabelDecisions.MayRelease("H-1", "H-2"));
        Assert.False(LabelDecisions.MayRelease(null, "H-1"));
    }
}

public class DocumentAttachDecisionsTests
{
    private static readonly Actor Owner = new("HTX Vải thiều Phượng Sơn", [Role.Producer]);
    private static readonly Actor Stranger = new("HTX Quý Sơn", [Role.Producer]);
    private static readonly Actor Inspector = new("quatest-1", [Role.Inspector]);
    private static readonly string Sha = new('a', 64);

    private static DocumentInfo Document(string sha256 = "", string name = "soil-test.pdf", string? type = "soil-test") =>
        new(sha256 == "" ? Sha : sha256, 1_000, "application/pdf", name, type, "", Now);

    private static Outcome<Change<DocumentInfo>> Attach(Actor actor, IReadOnlyList<DocumentInfo> attached, DocumentInfo document) =>
        DocumentRules.Attach(actor, DocumentSubjectKind.Farm, FarmCode, null, Farm(), attached, document);

    [Fact]
    public void A_new_document_is_recorded_as_the_actors_upload()
    {
        var decided = Attach(Owner, [], Document());
        Assert.Equal((false, Owner.Organisation), (decided.Value!.IsReplay, decided.Value.Value.Uploader));
    }

    [Fact]
    public void The_same_bytes_again_keep_their_first_reference_for_whoever_may_read_them()
    {
        var first = Document() with { Uploader = Owner.Organisation, Name = "first.pdf" };
        var again = Attach(Inspector, [first], Document());
        Assert.True(again.Value!.IsReplay);
        Assert.Same(first, again.Value.Value);
        Assert.Equal(OutcomeStatus.Forbidden, Attach(Stranger, [first], Document()).Status);
    }

    [Fact]
    public void Attach_refusals_by_kind()
    {
        Assert.Equal(OutcomeStatus.Forbidden, Attach(Stranger, [], Document()).Status);
        var full = Enumerable.Range(0, DocumentRules.MaxPerSubject).Select(i => Document($"{i:x64}")).ToList();
        Assert.Equal(["document.too-many"], [.. Attach(Owner, full, Document()).Violations.Select(v => v.Rule)]);
        var bad = Attach(Owner, [], Document("ABC", name: "../x", type: "a b"));
        Assert.Equal(["input.sha256", "input.document-name", "input.document-type"], [.. bad.Violations.Select(v => v.Rule)]);
        Assert.True(DocumentRules.CanAttach(Owner, DocumentSubjectKind.Farm, FarmCode, null, Farm(), 0).IsOk);
    }
}
