using System.Net;
using Nguon.Domain.Epcis;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Epcis;

/// <summary>A silo process of its own on the test PostgreSQL (its own service and cluster ids).</summary>
public sealed class PostgresSiloFixture : IAsyncLifetime
{
    private static readonly string Id = "projection-" + Guid.NewGuid().ToString("N")[..10];

    public SiloProcess Silo { get; } = new(extraArguments:
    [
        "--Nguon:Storage=Postgres", $"--Nguon:ConnectionString={PostgresClusterFixture.ConnectionString};Maximum Pool Size=20",
        $"--Nguon:ServiceId={Id}", $"--Nguon:ClusterId={Id}", "--Logging:LogLevel:Default=Warning",
    ]);

    public Task InitializeAsync() => Silo.StartAsync();

    public Task DisposeAsync() => Silo.DisposeAsync();
}

/// <summary>The projection on PostgreSQL, through HTTP: a lot's API events (harvest, shipping, receiving) in the repository
/// with the export's eventIDs, seen by the lot's readers and not by an outsider; an event captured and applied to the lot
/// is there once.</summary>
public sealed class EpcisProjectionPostgresTests(PostgresSiloFixture fixture) : IClassFixture<PostgresSiloFixture>
{
    private HttpClient Client => fixture.Silo.Client;

    [Fact]
    public async Task API_events_are_projected_for_the_lot_s_readers_and_a_captured_one_is_there_once()
    {
        var world = new HttpWorld(fixture.Silo);
        await world.FarmWithHarvest();
        var (producer, retailer) = (await world.Producer("htx-test"), await world.Retailer("shop"));
        var outsider = await world.Producer("other");
        var inspector = await world.Inspector();
        var code = world.Id("H");
        await world.ShipAndReceive("H", producer, retailer);

        var exported = EventHashId.Events(await Client.Get($"api/batches/{code}/epcis", inspector).Expect(HttpStatusCode.OK)).ToList();
        Assert.Equal(3, exported.Count);
        var match = "MATCH_anyEPCClass=" + Uri.EscapeDataString(exported[0].GetProperty("quantityList")[0].Str("epcClass"));
        var found = await Repository.Until(() => Repository.Query(Client, match, retailer), r => r.Count >= 3, $"the events of {code}");
        Assert.Equal(Repository.Ids(exported), Repository.Ids(found));
        Assert.Equal(Repository.Ids(exported.Where(e => e.Str("bizStep") == "shipping")),
            Repository.Ids(await Repository.Query(Client, match + "&EQ_bizStep=shipping", producer)));
        Assert.Empty(await Repository.Query(Client, match, outsider));

        // The custodian captures an observation of the lot, then records one through the API.
        var observed = EpcisEvents.Observe(code, "storing", "00:00");
        observed["eventTime"] = Api.Iso(world.T0.AddHours(3));
        var document = NguonEpcisForm.EpcisDocument([observed]);
        var job = await Client.SendAuthorized(HttpMethod.Post, "epcis/capture", document.ToJsonString(), $"Bearer {retailer.Token}")
            .Expect(HttpStatusCode.Accepted);
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        await Client.Post($"api/batches/{code}/events", new { bizStep = "storing", eventTime = Api.Iso(world.T0.AddHours(4)) }, retailer)
            .Expect(HttpStatusCode.Created);
        var last = EventHashId.Events(await Client.Get($"api/batches/{code}/epcis", inspector).Expect(HttpStatusCode.OK)).Last();
        await Repository.Until(() => Repository.Status(Client, last.Str("eventID"), inspector), s => s == HttpStatusCode.OK,
            "the API event after the captured one");

        var at = world.T0.AddHours(3).UtcDateTime;
        var window = $"GE_eventTime={at:yyyy-MM-ddTHH:mm:ss.fffZ}&LT_eventTime={at.AddSeconds(1):yyyy-MM-ddTHH:mm:ss.fffZ}";
        Assert.Equal(EpcisEvents.HashIds(observed), Repository.Ids(await Repository.Query(Client, window, inspector)));
    }
}
