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
        var w = new HttpWorld(silo.Client);
        await w.FarmWithHarvest(kg: 750m);
        var shipped = await silo.Client.Post($"api/batches/{w.Id("H")}/events",
            new { bizStep = "shipping", eventTime = Api.Iso(w.T0.AddHours(1)), destination = "packer-1", disposition = "in_transit" }, "htx-test")
            .Expect(HttpStatusCode.Created);

        var batch = await w.Get($"api/batches/{w.Id("H")}");
        var events = await RawGet(silo.Client, $"api/batches/{w.Id("H")}/events");
        var farm = await RawGet(silo.Client, $"api/farms/{w.Id("FARM")}");
        var certificate = await RawGet(silo.Client, $"api/certificates/{w.Gi}");
        var verification = await w.Get($"api/batches/{w.Id("H")}/verification");
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
        w = w.On(client);

        var after = await client.GetAsync($"api/batches/{w.Id("H")}").Expect(HttpStatusCode.OK);
        Assert.Equal(batch.Str("headHash"), after.Str("headHash"));
        Assert.Equal(batch.GetRawText(), after.GetRawText());
        Assert.Equal(events, await RawGet(client, $"api/batches/{w.Id("H")}/events"));
        Assert.Equal(farm, await RawGet(client, $"api/farms/{w.Id("FARM")}"));
        Assert.Equal(certificate, await RawGet(client, $"api/certificates/{w.Gi}"));

        var again = await client.GetAsync($"api/batches/{w.Id("H")}/verification").Expect(HttpStatusCode.OK);
        Assert.Equal("verified", again.Str("verdict"));
        Assert.Equal(verification.Str("rootHash"), again.Str("rootHash"));

        // The chain continues from the stored head, and the season ledger still counts the harvest.
        var received = await client.Post($"api/batches/{w.Id("H")}/events",
            new { bizStep = "receiving", eventTime = Api.Iso(w.T0.AddHours(2)), disposition = "active" }, "packer-1").Expect(HttpStatusCode.Created);
        Assert.Equal(batch.Str("headHash"), received.Str("previousHash"));
        Assert.Equal(3, received.GetProperty("sequence").GetInt32());
        var season = await client.GetAsync($"api/farms/{w.Id("FARM")}/seasons/{w.Season}").Expect(HttpStatusCode.OK);
        Assert.Equal(750m, season.GetProperty("harvestedKg").GetDecimal());
        // A duplicate is still a duplicate after the restart.
        await client.Put($"api/farms/{w.Id("FARM")}", Api.Farm("someone-else")).ExpectProblem(HttpStatusCode.Conflict);
    }

    private static async Task<string> RawGet(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
