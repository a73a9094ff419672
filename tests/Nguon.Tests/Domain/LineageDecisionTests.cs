using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.BatchDecisionTests;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>Splits, merges and transformations decided without a cluster: every reason, reported together.</summary>
public class LineageDecisionTests
{
    private static readonly DateTimeOffset Created = HarvestTime;
    private static readonly DateTimeOffset Later = HarvestTime.AddDays(1);
    /// <summary>The custodian holds the GS1 Company Prefix of the GTIN the tests print.</summary>
    internal static readonly IReadOnlyDictionary<string, CompanyPrefix> CustodianPrefix = new Dictionary<string, CompanyPrefix>
    {
        ["08935000100011"] = new("893500010", Custodian.Organisation, "GS1VN-TEST", Now, []),
    };

    private static readonly SplitFacts NoFacts =
        new(null, new Dictionary<string, BatchCreated>(), new Dictionary<string, string>(), CustodianPrefix, new Dictionary<string, string>());

    private static string[] Rules<T>(Outcome<T> outcome) => [.. outcome.Violations.Select(v => v.Rule)];

    private static Outcome<SplitChange> Split(IReadOnlyList<SplitPart> parts, Batch? parent = null, decimal available = 1_000m,
        Actor? actor = null, SplitFacts? facts = null, DateTimeOffset? at = null) =>
        SplitDecisions.Split(parent ?? Held(), Created, available, new SplitBatch(at ?? Later, parts, "PH-1"), actor ?? Custodian, Now,
            "op-1", facts ?? NoFacts, "split-id");

    [Fact]
    public void A_split_records_its_event_and_creates_children_pointing_at_it()
    {
        var parent = Held();
        var change = Split([new("C-1", new(600m, "kg")), new("C-2", new(0.4m, "t"))], parent).Value!;
        Assert.Equal((2, parent.HeadHash, "repackaging"), (change.Event.Sequence, change.Event.PreviousHash, change.Event.BizStep));
        Assert.Equal(new Quantity(1_000m, "kg"), Assert.Single(change.Event.Inputs).Quantity);
        Assert.Equal((0m, BatchStatus.Consumed, 2, change.Event.Hash), (change.Parent.Remaining, change.Parent.Status,
            change.Parent.Children.Count, change.Parent.HeadHash));
        Assert.Equal(["C-1", "C-2"], change.Children.Select(c => c.Code));
        Assert.All(change.Children, c => Assert.Equal((change.Event.Sequence, change.Event.Hash, "op-1", Holder, GiNumber),
            (c.Creation.Origin.Parents[0].ParentEventSequence, c.Creation.Origin.Parents[0].ParentEventHash, c.Creation.OperationId,
             c.Creation.Custodian, c.Creation.GiClaim)));
    }

    [Fact]
    public void A_split_by_another_party_is_forbidden_and_a_retry_is_answered()
    {
        Assert.Equal(OutcomeStatus.Forbidden, Split([new("C-1", new(1m, "kg"))], actor: Rival).Status);
        var first = Split([new("C-1", new(1m, "kg"))]).Value!.Event;
        var again = Split([new("C-1", new(1m, "kg"))], available: 0m, facts: NoFacts with { AlreadyApplied = first }).Value!;
        Assert.True(again.Replayed);
        Assert.Same(first, again.Event);
    }

    [Fact]
    public void A_split_reports_every_reason_together()
    {
        var facts = NoFacts with
        {
            Existing = new Dictionary<string, BatchCreated> { ["C-1"] = new(Held() with { Code = "C-1" }, "another-op") },
            LabelHolders = new Dictionary<string, string> { [DigitalLink.LabelKeyFor("8935000100011", "L1")] = "OTHER-1" },
        };
        var refused = Split(
        [
            new("C-1", new(600m, "kg"), "8935000100011", "L1"), new("bad code!", new(1m, "kg")), new("C-3", new(1m, "kg"), "123"),
            new("C-3", new(1m, "kg")), new("C-4", new(1m, "crate")),
        ], Held(BatchStatus.InTransit, "IMPORTER-JP"), available: 500m, facts: facts, at: Created.AddHours(-1));
        Assert.Equal(OutcomeStatus.Rejected, refused.Status);
        Assert.Equal(["time.before-creation", "state.in-transit", "input.id", "input.gtin", "lineage.duplicate",
            "quantity.unit-mismatch", "mass-balance.split", "batch.exists", "label.taken"], Rules(refused));
        Assert.Equal(InputRules.Id("bad code!", "batch code"), refused.Violations[2]);
        Assert.StartsWith("part code C-3", refused.Violations[4].Message);
        Assert.Equal(InputRules.LabelTaken("8935000100011", "L1", "OTHER-1"), refused.Violations[^1]);
    }

    [Fact]
    public void A_child_this_operation_created_already_and_a_label_it_holds_are_not_refusals()
    {
        var label = DigitalLink.LabelKeyFor("8935000100011", "L1");
        var facts = NoFacts with
        {
            Existing = new Dictionary<string, BatchCreated> { ["C-1"] = new(Held() with { Code = "C-1" }, "op-1") },
            LabelHolders = new Dictionary<string, string> { [label] = "C-1" },
        };
        Assert.True(Split([new("C-1", new(600m, "kg"), "8935000100011", "L1")], facts: facts).IsOk);
    }

    [Fact]
    public void A_split_is_bounded_in_parts_children_and_labels()
    {
        var many = Enumerable.Range(0, BatchRules.MaxParts + 1).Select(i => new SplitPart($"C-{i}", new(1m, "kg"))).ToList();
        Assert.Equal(["input.parts"], Rules(Split(many)));
        Assert.Empty(SplitDecisions.PartsToLookUp(new SplitBatch(Later, many)));
        Assert.Equal(["input.parts"], Rules(Split([new("C-1", new(1m, "kg"))], Full())));
        Assert.Equal(["label.taken"], Rules(Split(
            [new("C-1", new(1m, "kg"), "8935000100011", "L1"), new("C-2", new(1m, "kg"), "8935000100011", "L1")])));
        Assert.Equal(["input.parts"], Rules(Split([])));
        Assert.Equal(["mass-balance.split"], Rules(Split([new("C-1", new(600m, "kg"))], available: 599m)));
    }

    /// <summary>A batch with as many children as a batch may have.</summary>
    private static Batch Full() =>
        Held() with { Children = [.. Enumerable.Range(0, BatchRules.MaxChildren).Select(i => new QuantityLink($"K-{i}", new(0m, "kg")))] };

    private static readonly Dictionary<string, string> NoHolders = new();

    private static CombineBatches Merge(params (string Batch, decimal Kg)[] inputs) =>
        new("M-1", Later, [.. inputs.Select(i => new QuantityLink(i.Batch, new(i.Kg, "kg")))]);

    [Fact]
    public void A_combine_request_reports_every_reason_together()
    {
        var command = new CombineBatches("M-1", Later, [new("M-1", new(1m, "kg")), new("bad code!", new(0m, "kg"))],
            Gtin: "123", Lot: "far too long a lot for GS1 rules", Kind: (OriginKind)9);
        Assert.Equal(["input.kind", "input.id", "quantity.not-positive", "input.gtin", "input.lot", "lineage.cycle"],
            Rules(CombineDecisions.Request("M-1", command, Custodian, NoHolders, CustodianPrefix, NoHolders)));
        var transform = new CombineBatches("T-1", Later, [new("H-1", new(1m, "kg"))], Kind: OriginKind.Transformation);
        Assert.Equal(["input.output"], Rules(CombineDecisions.Request("T-1", transform, Custodian, NoHolders, CustodianPrefix, NoHolders)));
        Assert.Equal(["input.inputs"], Rules(CombineDecisions.Request("M-1", Merge(("H-1", 1m)), Custodian, NoHolders, CustodianPrefix, NoHolders)));
        var labelled = Merge(("H-1", 1m), ("H-2", 1m)) with { Gtin = "8935000100011", Lot = "L1" };
        var holders = new Dictionary<string, string> { [DigitalLink.LabelKeyFor("8935000100011", "L1")] = "OTHER-1" };
        Assert.Equal(["label.taken"], Rules(CombineDecisions.Request("M-1", labelled, Custodian, holders, CustodianPrefix, NoHolders)));
        Assert.Equal(2, CombineDecisions.Request("M-1", labelled, Custodian, NoHolders, CustodianPrefix, NoHolders).Value!.Count);
    }

    private static Outcome<decimal> Take(Batch input, decimal kg, decimal available = 1_000m, Actor? actor = null,
        string unit = "kg") =>
        CombineDecisions.Take(input, Created, available, new(kg, unit), Later, actor ?? Custodian, Now);

    [Fact]
    public void A_take_is_the_inputs_custodians_and_within_what_is_available()
    {
        Assert.Equal(500m, Take(Held(), 0.5m, unit: "t").Value);
        Assert.Equal(OutcomeStatus.Forbidden, Take(Held(), 1m, actor: Rival).Status);
        Assert.Equal(["mass-balance.take"], Rules(Take(Held(), 300m, available: 299m)));
        Assert.Equal(["state.closed"], Rules(Take(Held(BatchStatus.Recalled), 1m)));
        Assert.Equal(["state.in-transit"], Rules(Take(Held(BatchStatus.InTransit, "X"), 1m)));
        Assert.Equal(["input.parts"], Rules(Take(Full(), 1m)));
    }

    private static Outcome<Batch> Reserved(Batch batch) => Outcome<Batch>.Ok(batch);

    [Fact]
    public void The_output_is_decided_from_the_reserved_inputs()
    {
        var a = Held() with { Code = "A" };
        var b = Held() with { Code = "B", Variety = "Hùng Long" };
        var plan = CombineDecisions.Output("M-1", Merge(("A", 300m), ("B", 200m)), "op-1", [Reserved(a), Reserved(b)]).Value!;
        var output = plan.Output;
        Assert.Equal((new Quantity(500m, "kg"), "lychee", null, GiNumber, Holder, "repackaging", "op-1"),
            (output.Quantity, output.Product, output.Variety, output.GiClaim, output.Custodian, output.BizStep, output.OperationId));
        var links = new[] { new ParentLink("A", new(300m, "kg"), 2, "h", GiNumber) };
        Assert.Equal(links, plan.WithParents(links).Origin.Parents);
    }

    [Fact]
    public void A_refused_or_forbidden_input_refuses_the_output()
    {
        var forbidden = Outcome<Batch>.Forbidden(new(Permissions.Rule, "no"));
        var rejected = Outcome<Batch>.Rejected("mass-balance.take", "too much");
        var merge = Merge(("A", 1m), ("B", 1m));
        Assert.Equal(OutcomeStatus.Forbidden, CombineDecisions.Output("M-1", merge, "op", [rejected, forbidden]).Status);
        Assert.Equal(["mass-balance.take"], Rules(CombineDecisions.Output("M-1", merge, "op", [rejected, Reserved(Held())])));
    }

    [Fact]
    public void An_output_that_does_not_balance_mixes_products_custody_or_dilutes_the_gi_is_refused_with_every_reason()
    {
        var a = Held() with { Code = "A" };
        var b = Held() with { Code = "B", Product = "custard apple", Custodian = "ELSEWHERE", GiClaim = null };
        var command = Merge(("A", 300m), ("B", 200m)) with { Output = new(600m, "kg"), GiClaim = GiNumber };
        Assert.Equal(["mass-balance.merge", "input.product", "custody.mixed", "gi.dilution"],
            Rules(CombineDecisions.Output("M-1", command, "op", [Reserved(a), Reserved(b)])));
    }

    [Fact]
    public void A_committed_take_is_the_inputs_next_event_and_the_outputs_link()
    {
        var input = Held();
        var commit = CombineDecisions.Commit(input, 1_000m, new(1m, "t"), "T-1", OriginKind.Transformation, Later, Custodian, Now,
            "take-id");
        var (e, header) = (commit.Event, commit.Header);
        Assert.Equal((2, "urn:nguon:bizstep:processing", input.HeadHash), (e.Sequence, e.BizStep, e.PreviousHash));
        Assert.Equal(EventHashing.Hash(e), e.Hash);
        Assert.Equal((0m, BatchStatus.Consumed, e.Hash, 2), (header.Remaining, header.Status, header.HeadHash, header.EventCount));
        Assert.Equal(new ParentLink("H-1", new(1m, "t"), 2, commit.Event.Hash, GiNumber), commit.Link);
    }
}
