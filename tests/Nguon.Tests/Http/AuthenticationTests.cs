using System.Net;
using System.Text;
using System.Text.Json;
using Nguon.Domain;

namespace Nguon.Tests.Http;

/// <summary>API keys over HTTP: a request without a valid key is refused with a 401 problem that challenges for a
/// bearer token, on every write route and every protected read, and changes nothing; a revoked key stops at once
/// while the organisation's other keys go on; keys are stored and listed only as ids and hashes, never printed.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class AuthenticationTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>Ways of not presenting a valid key: the value of the Authorization header (null: none) and any
    /// other headers. "wrong-secret" and "tampered" name a real key id with a secret that is not its own.</summary>
    public static TheoryData<string> Credentials => new() { "none", "garbage", "empty-bearer", "basic", "unknown-key", "wrong-secret", "tampered", "organisation-header" };

    private static (string? Authorization, Dictionary<string, string> Headers) Credential(string kind, Party victim) => kind switch
    {
        "none" => (null, []),
        "garbage" => ("Bearer garbage", []),
        "empty-bearer" => ("Bearer", []),
        "basic" => ("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{victim.Id}:{victim.Token}")), []),
        "unknown-key" => ($"Bearer {ApiKeys.Generate().Token}", []),
        "wrong-secret" => ($"Bearer {ApiKeys.Prefix}{victim.KeyId}_{ApiKeys.Generate().Secret}", []),
        "tampered" => ($"Bearer {victim.Token[..^1]}{(victim.Token[^1] == 'A' ? 'B' : 'A')}", []),
        // The header the API once took the acting organisation from.
        "organisation-header" => (null, new() { [Api.OrganisationHeader] = victim.Id }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Without_a_valid_key_every_write_is_a_401_problem_and_changes_nothing_not_even_the_audit_trail(string kind)
    {
        var since = DateTimeOffset.UtcNow;
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var htx = await w.Producer("htx-test");
        await w.Harvest("FARM", "H2", 200m, htx);
        var (authorization, headers) = Credential(kind, htx);

        var cert = await w.Raw($"api/certificates/{w.Gi}");
        var farm = await w.Raw($"api/farms/{w.Id("FARM")}");
        var season = await w.Raw($"api/farms/{w.Id("FARM")}/seasons/{w.Season}");
        var batches = await w.RawBatch(w.Id("H")) + await w.RawBatch(w.Id("H2"));
        var keys = await Client.Get($"api/organisations/{htx.Id}/keys", fixture.Admin).Expect(HttpStatusCode.OK);

        var t = Api.Iso(w.T0.AddHours(1));
        var writes = new (HttpMethod Method, string Path, object Body)[]
        {
            (HttpMethod.Put, $"api/certificates/{w.Id("GI2")}", Api.Certificate()),
            (HttpMethod.Post, $"api/certificates/{w.Gi}/status", new { status = "suspended", reason = "test" }),
            (HttpMethod.Put, $"api/farms/{w.Id("F2")}", Api.Farm(htx.Id)),
            (HttpMethod.Post, $"api/farms/{w.Id("FARM")}/authorisations", Api.Authorisation(w.Gi, "QĐ-2")),
            (HttpMethod.Post, $"api/farms/{w.Id("FARM")}/authorisations/{w.Gi}/status", new { status = "suspended", reason = "test" }),
            (HttpMethod.Post, $"api/farms/{w.Id("FARM")}/harvests", Api.Harvest(w.Id("H9"), 10m, w.T0, w.Gi)),
            (HttpMethod.Post, $"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = t }),
            (HttpMethod.Post, $"api/batches/{w.Id("H")}/split", new { eventTime = t, parts = new[] { new { batchCode = w.Id("S"), quantity = new { amount = 10m, unit = "kg" } } } }),
            (HttpMethod.Post, "api/batches/merges", new
            {
                batchCode = w.Id("M"), eventTime = t,
                inputs = new[] { new { batch = w.Id("H"), quantity = new { amount = 10m, unit = "kg" } }, new { batch = w.Id("H2"), quantity = new { amount = 10m, unit = "kg" } } },
            }),
            (HttpMethod.Post, "api/batches/transformations", new
            {
                batchCode = w.Id("T"), eventTime = t, product = "dried lychee", output = new { amount = 3m, unit = "kg" }, yieldFactor = 0.4m,
                inputs = new[] { new { batch = w.Id("H"), quantity = new { amount = 10m, unit = "kg" } } },
            }),
            (HttpMethod.Put, $"api/organisations/{w.Id("org")}", new { name = "Intruder", roles = new[] { "admin" } }),
            (HttpMethod.Post, $"api/organisations/{htx.Id}/keys", new { label = "stolen" }),
            (HttpMethod.Delete, $"api/organisations/{htx.Id}/keys/{htx.KeyId}", null!),
        };
        foreach (var (method, path, body) in writes)
            await Client.SendAuthorized(method, path, body, authorization, headers).ExpectUnauthorized();

        // Protected reads are refused the same way.
        foreach (var path in new[]
        {
            $"api/batches/{w.Id("H")}", $"api/batches/{w.Id("H")}/events", $"api/batches/{w.Id("H")}/trace", $"api/batches/{w.Id("H")}/descendants",
            $"api/batches/{w.Id("H")}/verification/full", $"api/farms/{w.Id("FARM")}", $"api/farms/{w.Id("FARM")}/seasons/{w.Season}",
            $"api/organisations/{htx.Id}/keys", $"api/organisations/{htx.Id}/audit", "api/me",
        })
            await Client.SendAuthorized(HttpMethod.Get, path, null, authorization, headers).ExpectUnauthorized();

        // Nothing changed.
        Assert.Equal(cert, await w.Raw($"api/certificates/{w.Gi}"));
        Assert.Equal(farm, await w.Raw($"api/farms/{w.Id("FARM")}"));
        Assert.Equal(season, await w.Raw($"api/farms/{w.Id("FARM")}/seasons/{w.Season}"));
        Assert.Equal(batches, await w.RawBatch(w.Id("H")) + await w.RawBatch(w.Id("H2")));
        foreach (var created in new[] { $"api/certificates/{w.Id("GI2")}", $"api/farms/{w.Id("F2")}", $"api/batches/{w.Id("H9")}",
                     $"api/batches/{w.Id("S")}", $"api/batches/{w.Id("M")}", $"api/batches/{w.Id("T")}" })
            await w.AssertMissing(created);
        await Client.Get($"api/organisations/{w.Id("org")}", fixture.Admin).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(keys.GetRawText(), (await Client.Get($"api/organisations/{htx.Id}/keys", fixture.Admin).Expect(HttpStatusCode.OK)).GetRawText());
        Assert.Equal(htx.Id, (await Client.Get("api/me", htx).Expect(HttpStatusCode.OK)).Str("organisation"));

        // A request with no authenticated organisation is counted, never stored (issue 13): no trail holds these refusals.
        var audit = await Audit.Read(Client, "anonymous", await w.Inspector(), since);
        Assert.DoesNotContain(audit, e => writes.Any(x => e.Str("path") == "/" + x.Path));
        var own = await Audit.Read(Client, htx.Id, await w.Inspector(), since);
        Assert.DoesNotContain(own, e => e.GetProperty("status").GetInt32() == 401);
    }

    [Fact]
    public async Task A_valid_key_is_who_the_caller_is()
    {
        var w = new HttpWorld(fixture.Silo);
        var packer = await w.Org("packer", "operator", "producer");
        var me = await Client.Get("api/me", packer).Expect(HttpStatusCode.OK);
        Assert.Equal(packer.Id, me.Str("organisation"));
        Assert.Equal(new[] { "operator", "producer" }, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        var admin = await Client.Get("api/me", fixture.Admin).Expect(HttpStatusCode.OK);
        Assert.Equal(SiloProcess.AdminOrganisation, admin.Str("organisation"));
        Assert.Equal(new[] { "admin" }, admin.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once_while_another_key_of_the_organisation_goes_on()
    {
        var w = new HttpWorld(fixture.Silo);
        var first = await w.Producer("htx");
        var second = await fixture.Silo.IssueKey(first.Id, "second");
        Assert.NotEqual(first.KeyId, second.KeyId);
        Assert.Equal(first.Id, (await Client.Get("api/me", first).Expect(HttpStatusCode.OK)).Str("organisation"));
        Assert.Equal(first.Id, (await Client.Get("api/me", second).Expect(HttpStatusCode.OK)).Str("organisation"));

        // Another organisation may not revoke it.
        var other = await w.Producer("htx-other");
        await Client.Delete($"api/organisations/{first.Id}/keys/{first.KeyId}", other).ExpectForbidden();
        Assert.Equal(first.Id, (await Client.Get("api/me", first).Expect(HttpStatusCode.OK)).Str("organisation"));

        // The organisation revokes its first key with its second.
        var revoked = await Client.Delete($"api/organisations/{first.Id}/keys/{first.KeyId}", second).Expect(HttpStatusCode.OK);
        Assert.Equal(first.KeyId, revoked.Str("keyId"));
        Assert.Equal(JsonValueKind.String, revoked.GetProperty("revokedAt").ValueKind);

        // The very next request with it is refused, reads and writes alike, and the write changed nothing.
        await Client.Get("api/me", first).ExpectUnauthorized();
        await Client.Put($"api/farms/{w.Id("F1")}", Api.Farm(first.Id), first).ExpectUnauthorized();
        await w.AssertMissing($"api/farms/{w.Id("F1")}");

        // The other key still works.
        Assert.Equal(first.Id, (await Client.Get("api/me", second).Expect(HttpStatusCode.OK)).Str("organisation"));
        await Client.Put($"api/farms/{w.Id("F2")}", Api.Farm(first.Id), second).Expect(HttpStatusCode.Created);
        var keys = (await Client.Get($"api/organisations/{first.Id}/keys", second).Expect(HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(k => k.Str("keyId"));
        Assert.Equal(new[] { first.KeyId, second.KeyId }.Order(StringComparer.Ordinal), keys.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.String, keys[first.KeyId].GetProperty("revokedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, keys[second.KeyId].GetProperty("revokedAt").ValueKind);

        // Revoking again is harmless and does not bring it back; the admin revokes the second key too.
        await Client.Delete($"api/organisations/{first.Id}/keys/{first.KeyId}", second).Expect(HttpStatusCode.OK);
        await Client.Get("api/me", first).ExpectUnauthorized();
        await Client.Delete($"api/organisations/{first.Id}/keys/{second.KeyId}", fixture.Admin).Expect(HttpStatusCode.OK);
        await Client.Get("api/me", second).ExpectUnauthorized();
        // An unknown key id is a 404 problem.
        await Client.Delete($"api/organisations/{first.Id}/keys/{ApiKeys.Generate().KeyId}", fixture.Admin).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_admin_registers_organisations_and_issues_keys()
    {
        var w = new HttpWorld(fixture.Silo);
        var authority = await w.Authority();
        var htx = await w.Producer("htx");
        foreach (var party in new[] { authority, htx })
        {
            await Client.Put($"api/organisations/{w.Id("new")}", new { name = "New", roles = new[] { "admin" } }, party).ExpectForbidden();
            await Client.Post($"api/organisations/{htx.Id}/keys", new { label = "more" }, party).ExpectForbidden();
        }
        await Client.Get($"api/organisations/{w.Id("new")}", fixture.Admin).ExpectProblem(HttpStatusCode.NotFound);
        var keys = await Client.Get($"api/organisations/{htx.Id}/keys", htx).Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { htx.KeyId }, keys.EnumerateArray().Select(k => k.Str("keyId")));
        // Nor may an organisation list another's keys.
        await Client.Get($"api/organisations/{htx.Id}/keys", authority).ExpectForbidden();
    }

    [Fact]
    public async Task Keys_are_never_stored_or_printed_in_clear_and_listed_without_secrets()
    {
        var demoKeys = await fixture.DemoKeys();
        var w = new HttpWorld(fixture.Silo);
        var htx = await w.Producer("htx");
        var second = await fixture.Silo.IssueKey(htx.Id, "second");
        // Use both keys for writes and reads, revoke one, and try a forged secret on a real key id.
        await w.RegisterFarm("F", htx);
        await Client.Post($"api/farms/{w.Id("F")}/harvests", Api.Harvest(w.Id("H"), 10m, w.T0, null), second).Expect(HttpStatusCode.Created);
        await Client.Get($"api/batches/{w.Id("H")}", second).Expect(HttpStatusCode.OK);
        await Client.Delete($"api/organisations/{htx.Id}/keys/{second.KeyId}", htx).Expect(HttpStatusCode.OK);
        var forged = $"{ApiKeys.Prefix}{htx.KeyId}_{ApiKeys.Generate().Secret}";
        await Client.SendAuthorized(HttpMethod.Get, "api/me", null, $"Bearer {forged}").ExpectUnauthorized();

        // GET keys names the keys but holds neither their secrets nor their hashes.
        foreach (var reader in new[] { htx, fixture.Admin })
        {
            using var response = await Client.Get($"api/organisations/{htx.Id}/keys", reader);
            var listed = await response.Expect(HttpStatusCode.OK);
            var text = listed.GetRawText();
            Assert.Equal(new[] { htx.KeyId, second.KeyId }.Order(StringComparer.Ordinal), listed.EnumerateArray().Select(k => k.Str("keyId")).Order(StringComparer.Ordinal));
            foreach (var key in new[] { htx, second })
            {
                Assert.DoesNotContain(key.Secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(ApiKeys.Hash(key.Secret), text, StringComparison.OrdinalIgnoreCase);
            }
            Assert.DoesNotContain(listed.PropertyNames(), n => n.Contains("secret", StringComparison.OrdinalIgnoreCase)
                || n.Contains("token", StringComparison.OrdinalIgnoreCase) || n.Contains("hash", StringComparison.OrdinalIgnoreCase));
        }

        var everyKey = fixture.Silo.IssuedKeys.Concat(demoKeys.Values).Append(fixture.Admin).ToList();
        Assert.Contains(everyKey, k => k.KeyId == second.KeyId);
        Assert.True(demoKeys.Count >= 7, $"only {demoKeys.Count} demo keys were read");

        // The store holds hashes: the test can see them (so it reads the right files), but never a secret.
        var store = await StoreBytes();
        Assert.True(Contains(store, htx.KeyId), $"the key id {htx.KeyId} is not in the SQLite files: the scan reads the wrong data");
        Assert.True(Contains(store, ApiKeys.Hash(htx.Secret)), "the hash of the key's secret is not in the SQLite files: the scan reads the wrong data");
        foreach (var key in everyKey.Append(new Party(htx.Id, forged, htx.KeyId)))
        {
            Assert.False(Contains(store, key.Secret), $"the secret of key {key} is stored in clear in {fixture.Silo.DatabasePath}*");
            Assert.False(Contains(store, key.Token), $"the token of key {key} is stored in clear in {fixture.Silo.DatabasePath}*");
        }

        // Nor is any key printed: the bootstrap key was passed in, so the silo prints none of its own.
        var output = fixture.Silo.FullOutput;
        Assert.Contains("[test] ready", output, StringComparison.Ordinal); // the capture works
        Assert.DoesNotContain("Bootstrap administrator key", output, StringComparison.Ordinal);
        foreach (var key in everyKey)
        {
            Assert.False(output.Contains(key.Secret, StringComparison.Ordinal), $"the silo printed the secret of key {key}");
            Assert.False(output.Contains(key.Token, StringComparison.Ordinal), $"the silo printed the token of key {key}");
        }
    }

    /// <summary>nguon.db with its -wal and -shm files, read while the silo runs.</summary>
    private async Task<byte[]> StoreBytes()
    {
        var files = new[] { "", "-wal", "-shm" }.Select(s => fixture.Silo.DatabasePath + s).Where(File.Exists).ToList();
        Assert.Contains(fixture.Silo.DatabasePath, files);
        using var all = new MemoryStream();
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            await stream.CopyToAsync(all);
        }
        return all.ToArray();
    }

    [Fact]
    public async Task Concurrent_writes_each_reach_the_audit_trail_once_through_its_group_commit()
    {
        var since = DateTimeOffset.UtcNow;
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var htx = await w.Producer("htx-test");
        // 48 events at once: the silo writes their audit lines together (AuditBuffer), one call per shard.
        var path = $"api/batches/{w.Id("H")}/events";
        await Task.WhenAll(Enumerable.Range(0, 48).Select(i =>
            Client.Post(path, new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(1)), eventId = $"audit-{i}" }, htx)
                .Expect(HttpStatusCode.Created)));
        var audit = await Audit.Read(Client, htx.Id, await w.Inspector(), since);
        Assert.Equal(48, audit.Count(e => e.Str("method") == "POST" && e.Str("path") == "/" + path && e.GetProperty("status").GetInt32() == 201));
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}

/// <summary>Reads audit trails over HTTP.</summary>
public static class Audit
{
    /// <summary>The audit entries of <paramref name="organisation"/> for every UTC day from <paramref name="since"/>
    /// to now, read as <paramref name="reader"/>.</summary>
    public static async Task<List<JsonElement>> Read(HttpClient client, string organisation, Party reader, DateTimeOffset since)
    {
        var entries = new List<JsonElement>();
        for (var day = DateOnly.FromDateTime(since.UtcDateTime); day <= DateOnly.FromDateTime(DateTime.UtcNow); day = day.AddDays(1))
        {
            var page = await client.Get($"api/organisations/{organisation}/audit?day={day:yyyy-MM-dd}", reader).Expect(HttpStatusCode.OK);
            entries.AddRange(page.EnumerateArray());
        }
        return entries;
    }
}
