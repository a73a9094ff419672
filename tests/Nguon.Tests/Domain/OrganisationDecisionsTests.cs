using Nguon.Domain;
using Nguon.Domain.Organisations;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class OrganisationDecisionsTests
{
    private const string Id = "ph-lucngan-01";
    private static readonly Actor Admin = new("nguon-admin", [Role.Admin]);
    private static readonly Actor Member = new(Id, [Role.Operator]);
    private static readonly Actor Stranger = new("other-op", [Role.Operator]);
    private static readonly Organisation Registered = new(Id, "Packing house Lục Ngạn", [Role.Operator], "Chũ", "VN", At(2025, 1, 1));
    private static readonly (string, string) Drawn = ("0123456789ab", "s3cret-s3cret-s3cret-s3cret");

    private static string[] Rules(IEnumerable<Violation> v) => [.. v.Select(x => x.Rule)];

    [Fact]
    public void An_admin_registers_an_organisation_with_its_roles_once_each()
    {
        var command = new RegisterOrganisation("Packing house Lục Ngạn", [Role.Operator, Role.Operator, Role.Retailer]);
        var organisation = OrganisationDecisions.Register(null, Id, command, Admin, Now, replay: false).Value!.Value;
        Assert.Equal([Role.Operator, Role.Retailer], organisation.Roles);
        Assert.Equal(Now, organisation.RegisteredAt);
    }

    [Fact]
    public void Registration_refusals_by_kind()
    {
        var command = new RegisterOrganisation("Packing house", [Role.Operator]);
        Assert.Equal(OutcomeStatus.Forbidden, OrganisationDecisions.Register(null, Id, command, Member, Now, false).Status);
        Assert.Equal(["organisation.exists"], Rules(OrganisationDecisions.Register(Registered, Id, command, Admin, Now, false).Violations));
        Assert.Same(Registered, OrganisationDecisions.Register(Registered, Id, command, Admin, Now, true).Value!.Value);
        Assert.Equal(["input.name", "input.roles"],
            Rules(OrganisationDecisions.Register(null, Id, new(" ", [(Role)99]), Admin, Now, false).Violations));
    }

    [Fact]
    public void Issuing_a_key_stores_only_the_hash_of_its_secret()
    {
        var key = OrganisationDecisions.IssueKey(Registered, Id, 0, new IssueKey("laptop"), Drawn, Admin).Value!;
        Assert.Equal(new KeyToStore("0123456789ab", ApiKeys.Hash("s3cret-s3cret-s3cret-s3cret"), "laptop"), key);
    }

    [Fact]
    public void Key_issue_refusals_by_kind()
    {
        Assert.Equal(OutcomeStatus.Forbidden, OrganisationDecisions.IssueKey(Registered, Id, 0, new(), Drawn, Member).Status);
        Assert.Equal(["organisation.unknown"], Rules(OrganisationDecisions.IssueKey(null, Id, 0, new(), Drawn, Admin).Violations));
        Assert.Equal(["input.keys"],
            Rules(OrganisationDecisions.IssueKey(Registered, Id, OrganisationDecisions.MaxKeys, new(), Drawn, Admin).Violations));
    }

    [Fact]
    public void Importing_a_key_parses_its_token()
    {
        var (keyId, secret, token) = ApiKeys.Generate();
        Assert.Equal(new KeyToStore(keyId, ApiKeys.Hash(secret), "demo"),
            OrganisationDecisions.ImportKey(Registered, Id, token, "demo").Value);
        Assert.Equal(["input.key"], Rules(OrganisationDecisions.ImportKey(Registered, Id, "ngn_short", null).Violations));
        Assert.Equal(["organisation.unknown"], Rules(OrganisationDecisions.ImportKey(null, Id, token, null).Violations));
    }

    [Fact]
    public void Keys_are_listed_and_revoked_by_their_organisation_or_an_admin()
    {
        Assert.True(OrganisationDecisions.ListKeys(Registered, Id, Member).IsOk);
        Assert.True(OrganisationDecisions.ListKeys(Registered, Id, Admin).IsOk);
        var listed = OrganisationDecisions.ListKeys(Registered, Id, Stranger);
        Assert.Equal((OutcomeStatus.Forbidden, $"other-op may not list the keys of {Id}"), (listed.Status, listed.Violations[0].Message));
        Assert.Equal(OutcomeStatus.NotFound, OrganisationDecisions.ListKeys(null, Id, Admin).Status);

        Assert.Equal("k1", OrganisationDecisions.RevokeKey(["k1"], Id, "k1", Member).Value);
        Assert.Equal(OutcomeStatus.Forbidden, OrganisationDecisions.RevokeKey(["k1"], Id, "k1", Stranger).Status);
        Assert.Equal(["key.unknown"], Rules(OrganisationDecisions.RevokeKey(["k1"], Id, "k2", Admin).Violations));
    }

    [Fact]
    public void A_key_id_is_written_once()
    {
        const string key = "0123456789ab";
        Assert.True(OrganisationDecisions.CreateKey(null, "", key, Id, "hash") is { IsOk: true, Value.IsReplay: false });
        Assert.True(OrganisationDecisions.CreateKey(Id, "hash", key, Id, "hash").Value!.IsReplay);
        Assert.Equal(OrganisationDecisions.KeyOfAnother(key),
            OrganisationDecisions.CreateKey(Id, "hash", key, Id, "other").Violations[0]);
        Assert.False(OrganisationDecisions.CreateKey(Id, "hash", key, "other-op", "hash").IsOk);
    }

    [Theory]
    [InlineData("0123456789AB")] // upper case: the key is 0123456789ab
    [InlineData("00123456789ab")] // a leading zero: no key id
    [InlineData("k1")]
    public void A_key_grain_is_created_only_under_the_one_spelling_of_a_key_id(string keyId) =>
        Assert.Equal(["input.key-id"], Rules(OrganisationDecisions.CreateKey(null, "", keyId, Id, "hash").Violations));

    [Fact]
    public void Key_ids_are_case_insensitive_and_enter_in_lower_case()
    {
        Assert.True(ApiKeys.TryParse($"{ApiKeys.Prefix}ABCDEF012345_{new string('s', 20)}", out var keyId, out _));
        Assert.Equal("abcdef012345", keyId);
        Assert.True(ApiKeys.TryNormaliseKeyId("AbCdEf012345", out var normalised));
        Assert.Equal("abcdef012345", normalised);
        Assert.False(ApiKeys.TryNormaliseKeyId("0abcdef012345", out _));
        Assert.False(ApiKeys.TryNormaliseKeyId("abcdef01234g", out _));
        Assert.Equal("abcdef012345", OrganisationDecisions.RevokeKey(["abcdef012345"], Id, "ABCDEF012345", Admin).Value);
    }

    [Fact]
    public void A_key_authenticates_while_stored_unrevoked_and_matching()
    {
        var hash = ApiKeys.Hash("secret");
        Assert.True(ApiKeys.Accepts(Id, null, hash, hash));
        Assert.False(ApiKeys.Accepts(Id, Now, hash, hash));
        Assert.False(ApiKeys.Accepts(null, null, hash, hash));
        Assert.False(ApiKeys.Accepts(Id, null, hash, ApiKeys.Hash("guess")));
    }
}
