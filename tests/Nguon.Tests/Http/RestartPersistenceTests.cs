using System.Net;

namespace Nguon.Tests.Http;

[CollectionDefinition(Name)]
public sealed class RestartSiloCollection
{
    public const string Name = "http: restarted silo process";
}

/// <summary>The issue's acceptance: "state survives a restart of the process". A silo process of its own (so
/// restarting it disturbs no other test) is killed and started again on the same SQLite file.</summary>
[Collection(RestartSiloCollection.Name)]
public sealed class RestartPersistenceTests
{
    [Fact]
    public async Task Farm_harvest_and_verification_survive_a_restart_of_the_process()
    {
        await using var silo = new SiloProcess(demo: false);
        await silo.StartAsync();
        var w = new HttpWorld(silo);
        await w.FarmWithHarvest(kg: 750m);
        var producer = await w.Producer("htx-test");
        var packer = await w.Operator("packer-1");
        var inspector = await w.Inspector();
        var shipped = await silo.Client.Post($"api/batches/{w.Id("H")}/events",
            new { bizStep = "shipping", eventTime = Api.Iso(w.T0.AddHours(1)), destination = packer.Id, disposition = "in_transit" }, producer)
            .Expect(HttpStatusCode.Created);

        var batch = await w.Get($"api/batches/{w.Id("H")}");
        var events = await RawGet(silo.Client, $"api/batches/{w.Id("H")}/events", inspector);
        var farm = await RawGet(silo.Client, $"api/farms/{w.Id("FARM")}", inspector);
        var certificate = await RawGet(silo.Client, $"api/certificates/{w.Gi}", null);
        var verification = await silo.Client.GetAsync($"api/batches/{w.Id("H")}/verification").Expect(HttpStatusCode.OK);
        Assert.Equal("verified", verification.Str("verdict"));
        Assert.Equal(shipped.Str("hash"), batch.Str("headHash"));
        var firstPid = silo.ProcessId;
        var firstPort = silo.HttpPort;

        await silo.StopAsync();
        Assert.False(silo.IsRunning);
        // Really gone: nothing answers on the old port any more.
        using (var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{firstPort}/"), Timeout = TimeSpan.FromSeconds(5) })
            await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync("health/live"));
        Assert.True(File.Exists(silo.DatabasePath));

        await silo.StartAsync();
        Assert.NotEqual(firstPid, silo.ProcessId);
        var client = silo.Client;

        // The keys survive too: the organisations act with the keys they were issued before the restart.
        var after = await client.Get($"api/batches/{w.Id("H")}", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(batch.Str("headHash"), after.Str("headHash"));
        Assert.Equal(batch.GetRawText(), after.GetRawText());
        Assert.Equal(events, await RawGet(client, $"api/batches/{w.Id("H")}/events", inspector));
        Assert.Equal(farm, await RawGet(client, $"api/farms/{w.Id("FARM")}", inspector));
        Assert.Equal(certificate, await RawGet(client, $"api/certificates/{w.Gi}", null));

        var again = await client.GetAsync($"api/batches/{w.Id("H")}/verification").Expect(HttpStatusCode.OK);
        Assert.Equal("verified", again.Str("verdict"));
        Assert.Equal(verification.Str("rootHash"), again.Str("rootHash"));

        // The chain continues from the stored head, and the season ledger still counts the harvest.
        var received = await client.Post($"api/batches/{w.Id("H")}/events",
            new { bizStep = "receiving", eventTime = Api.Iso(w.T0.AddHours(2)), disposition = "active" }, packer).Expect(HttpStatusCode.Created);
        Assert.Equal(batch.Str("headHash"), received.Str("previousHash"));
        Assert.Equal(3, received.GetProperty("sequence").GetInt32());
        Assert.Equal(packer.Id, received.Str("actor"));
        Assert.Equal(packer.Id, (await client.Get($"api/batches/{w.Id("H")}", packer).Expect(HttpStatusCode.OK)).Str("custodian"));
        var season = await client.Get($"api/farms/{w.Id("FARM")}/seasons/{w.Season}", producer).Expect(HttpStatusCode.OK);
        Assert.Equal(750m, season.GetProperty("harvestedKg").GetDecimal());
        // A duplicate is still a duplicate after the restart (the authority may register any farm).
        await client.Put($"api/farms/{w.Id("FARM")}", Api.Farm("someone-else"), await w.Authority()).ExpectProblem(HttpStatusCode.Conflict);
        // The bootstrap key, configured again on this start, still works; the silo printed no key of its own.
        await client.Get("api/me", silo.Admin).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("Bootstrap administrator key", silo.FullOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(silo.AdminToken, silo.FullOutput, StringComparison.Ordinal);
    }

    private static async Task<string> RawGet(HttpClient client, string path, Party? by)
    {
        using var response = await client.Get(path, by);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
