using Nguon.Domain.Organisations;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>The batch-code space rules, without a cluster: who may create which code.</summary>
public sealed class CodeSpaceRulesTests
{
    private static readonly Actor Coop = new("htx-ps", [Role.Producer], "PS");
    private static readonly Actor Open = new("open-farm", [Role.Producer]);
    private static readonly Dictionary<string, string> Held = new() { ["PS"] = "htx-ps" };

    private static string[] Rules(Actor actor, params string[] codes) =>
        [.. CodeSpaces.Check(actor, codes, Held).Select(v => v.Rule)];

    [Fact]
    public void A_holder_creates_only_codes_in_its_own_space()
    {
        Assert.Empty(Rules(Coop, "PS-LN26-H-0001", "PS-1"));
        Assert.Equal(["batch.code-space"], Rules(Coop, "QS-LN26-H-0001"));
        Assert.Equal(["batch.code-space"], Rules(Coop, "ps-1")); // its spelling is upper case
        Assert.Equal(["batch.code-space"], Rules(Coop, "PS1"));  // a space is followed by '-'
        Assert.Equal(["batch.code-space"], Rules(Coop, "PSX-1"));
        Assert.Empty(CodeSpaces.ToLookUp(Coop, ["QS-1"])); // a holder's rule needs no lookup
    }

    [Fact]
    public void Without_a_space_an_organisation_cannot_enter_a_held_one_in_any_case()
    {
        Assert.Equal(["batch.code-space", "batch.code-space"], Rules(Open, "PS-1", "ps-1"));
        Assert.Empty(Rules(Open, "QS-1", "H-1", "CAFE01", "PSX-1"));
        Assert.Equal(["PS", "QS"], CodeSpaces.ToLookUp(Open, ["PS-1", "ps-2", "QS-1", "H-1", "CAFE01", "P-S-1"]));
        Assert.Contains("held by htx-ps", CodeSpaces.Check(Open, ["PS-9"], Held).Single().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PS", true)]
    [InlineData("PH01", true)]
    [InlineData("ABCDEFGHIJKL", true)]
    [InlineData("ABCDEFGHIJKLM", false)]
    [InlineData("P", false)]
    [InlineData("ps", false)]
    [InlineData("P-1", false)]
    [InlineData("PHỐ", false)]
    public void A_code_space_is_2_to_12_upper_case_letters_and_digits(string space, bool valid) =>
        Assert.Equal(valid, CodeSpaces.IsValid(space));

    [Fact]
    public void A_registration_normalises_its_space_and_refuses_a_bad_one()
    {
        Assert.Equal("PH02", CodeSpaces.Normalise(" ph02 "));
        Assert.Null(CodeSpaces.Normalise("  "));
        Assert.Equal(["input.code-space"], OrganisationDecisions.Check(new RegisterOrganisation("X", [Role.Operator], CodeSpace: "p-1"))
            .Select(v => v.Rule));
        var registered = OrganisationDecisions.Register(null, "x", new RegisterOrganisation("X", [Role.Operator], CodeSpace: "ph02"),
            Actor.System, DateTimeOffset.UnixEpoch, replay: false);
        Assert.Equal("PH02", registered.Value!.Value.CodeSpace);
    }
}
