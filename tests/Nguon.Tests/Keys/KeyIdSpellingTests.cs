using System.Net;
using Nguon.Domain;
using Nguon.Tests.Http;

namespace Nguon.Tests.Keys;

/// <summary>API key ids are case-insensitive, over HTTP against the real silo process: a token whose key id is in
/// upper case is the same key (issue 12: an upper-case variant used once before a revocation kept working after it,
/// and a revoked admin key's variant minted a new admin key). It fails in every spelling once revoked, and a key
/// is revoked by any spelling of its id.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class KeyIdSpellingTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_key_used_in_upper_case_before_its_revocation_fails_in_every_spelling_after_it()
    {
        var admin = await KeyWithLetters("keys-admin-" + Api.Suffix(), "admin");
        var upper = Upper(admin);
        Assert.Equal(admin.Id, (await Client.Get("api/me", upper).Expect(HttpStatusCode.OK)).Str("organisation"));
        Assert.Equal(admin.Id, (await Client.Get("api/me", admin).Expect(HttpStatusCode.OK)).Str("organisation"));

        var revoked = await Client.Delete($"api/organisations/{admin.Id}/keys/{admin.KeyId}", fixture.Admin).Expect(HttpStatusCode.OK);
        Assert.Equal(admin.KeyId, revoked.Str("keyId"));

        foreach (var spelling in new[] { admin, upper })
        {
            await Client.Get("api/me", spelling).ExpectUnauthorized();
            await Client.Post($"api/organisations/{admin.Id}/keys", new { label = "minted" }, spelling).ExpectUnauthorized();
        }
        // Nothing was minted: the organisation's only live key is none.
        var keys = await Client.Get($"api/organisations/{admin.Id}/keys", fixture.Admin).Expect(HttpStatusCode.OK);
        Assert.All(keys.EnumerateArray(), k => Assert.Equal(System.Text.Json.JsonValueKind.String, k.GetProperty("revokedAt").ValueKind));
        Assert.DoesNotContain(keys.EnumerateArray(), k => k.GetProperty("label").GetString() == "minted");
    }

    [Fact]
    public async Task Revoking_by_the_upper_case_key_id_revokes_the_key()
    {
        var producer = await KeyWithLetters("keys-producer-" + Api.Suffix(), "producer");
        var upper = Upper(producer);
        Assert.Equal(producer.Id, (await Client.Get("api/me", upper).Expect(HttpStatusCode.OK)).Str("organisation"));

        var revoked = await Client.Delete($"api/organisations/{producer.Id}/keys/{upper.KeyId}", fixture.Admin).Expect(HttpStatusCode.OK);
        Assert.Equal(producer.KeyId, revoked.Str("keyId"));
        Assert.Equal(System.Text.Json.JsonValueKind.String, revoked.GetProperty("revokedAt").ValueKind);
        await Client.Get("api/me", producer).ExpectUnauthorized();
        await Client.Get("api/me", upper).ExpectUnauthorized();
    }

    /// <summary>The party's token with its key id in upper case (the same secret).</summary>
    private static Party Upper(Party party) =>
        new(party.Id, $"{ApiKeys.Prefix}{party.KeyId.ToUpperInvariant()}_{party.Secret}", party.KeyId.ToUpperInvariant());

    /// <summary>An organisation with a key whose id has a letter in it, so that its upper-case spelling differs (a
    /// key id is all digits about once in 280).</summary>
    private async Task<Party> KeyWithLetters(string organisation, string role)
    {
        var party = await fixture.Silo.Organisation(organisation, role);
        for (var attempt = 0; attempt < 5 && !party.KeyId.Any(char.IsAsciiLetter); attempt++)
        {
            await Client.Delete($"api/organisations/{organisation}/keys/{party.KeyId}", fixture.Admin).Expect(HttpStatusCode.OK);
            party = await fixture.Silo.IssueKey(organisation);
        }
        Assert.Contains(party.KeyId, char.IsAsciiLetter);
        return party;
    }
}
