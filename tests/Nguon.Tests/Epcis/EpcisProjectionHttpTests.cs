using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;
using Nguon.Tests.Http;
using static Nguon.Tests.Epcis.EpcisEvents;

namespace Nguon.Tests.Epcis;

/// <summary>Reading the EPCIS repository (GET /epcis/events) while the projection fills it.</summary>
internal static class Repository
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<List<JsonElement>> Query(HttpClient client, string query, Party by)
    {
        var document = await client.Get($"epcis/events?{query}&perPage=1000", by).Expect(HttpStatusCode.OK);
        return [.. document.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")
            .EnumerateArray()];
    }

    /// <summary>Asks <paramref name="probe"/> until <paramref name="done"/> holds (the projection runs about every second),
    /// failing after <see cref="Deadline"/>.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Deadline;
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"not within {Deadline}: {what}");
            await Task.Delay(100);
        }
    }

    public static async Task<HttpStatusCode> Status(HttpClient client, string eventId, Party by)
    {
        using var response = await client.Get($"epcis/events/{Uri.EscapeDataString(eventId)}", by);
        return response.StatusCode;
    }

    public static IEnumerable<string> Classes(JsonElement e) =>
        new[] { "quantityList", "inputQuantityList", "outputQuantityList" }
            .SelectMany(list => e.TryGetProperty(list, out var l) ? l.EnumerateArray() : [])
            .Select(q => q.Str("epcClass"));

    public static string? Batch(JsonElement e) => e.TryGetProperty("nguon:batch", out var b) ? b.GetString() : null;

    public static List<string> Ids(IEnumerable<JsonElement> events) =>
        [.. events.Select(e => e.Str("eventID")).Order(StringComparer.Ordinal)];
}

/// <summary>The demo chain, recorded through Nguon's API, is in the EPCIS repository: a lot's events found by its LGTIN class
/// and by bizStep and event time, with the export's eventIDs; read as the query reads (a lot's readers and the event's
/// organisation).</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class EpcisProjectionHttpTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_retail_lot_s_API_events_are_found_in_the_repository_with_the_export_s_eventIDs()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var export = await Client.Get($"api/batches/{DemoSiloFixture.RetailLot}/epcis", inspector).Expect(HttpStatusCode.OK);
        var exported = EventHashId.Events(export).ToList();
        var lgtin = exported.First(e => Repository.Batch(e) == DemoSiloFixture.RetailLot && e.Str("type") == "ObjectEvent")
            .GetProperty("quantityList")[0].Str("epcClass");
        Assert.StartsWith("urn:epc:class:lgtin:", lgtin, StringComparison.Ordinal);
        var expected = exported.Where(e => Repository.Classes(e).Contains(lgtin)).ToList();

        var match = $"MATCH_anyEPCClass={Uri.EscapeDataString(lgtin)}";
        var found = await Repository.Until(() => Repository.Query(Client, match, inspector), r => r.Count >= expected.Count,
            $"the {expected.Count} events naming {lgtin}");
        Assert.Equal(Repository.Ids(expected), Repository.Ids(found));
        Assert.All(found, e => Assert.True(DateTimeOffset.TryParse(e.Str("recordTime"), out _), e.ToString()));

        foreach (var step in expected.Select(e => e.Str("bizStep")).Distinct())
            Assert.Equal(Repository.Ids(expected.Where(e => e.Str("bizStep") == step)),
                Repository.Ids(await Repository.Query(Client, $"{match}&EQ_bizStep={Uri.EscapeDataString(step)}", inspector)));
        var one = expected[^1];
        var at = DateTimeOffset.Parse(one.Str("eventTime"), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
        var window = $"GE_eventTime={at:yyyy-MM-ddTHH:mm:ss.fffZ}&LT_eventTime={at.AddSeconds(1):yyyy-MM-ddTHH:mm:ss.fffZ}";
        Assert.Contains(one.Str("eventID"), Repository.Ids(await Repository.Query(Client, window, inspector)));
        Assert.Equal(HttpStatusCode.OK, await Repository.Status(Client, one.Str("eventID"), inspector));
    }

    [Fact]
    public async Task An_organisation_that_may_not_read_a_lot_does_not_see_its_projected_events()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var retailer = await fixture.Demo(DemoSiloFixture.DemoRetailer);
        var match = "MATCH_anyEPCClass=" + Uri.EscapeDataString("urn:epc:class:lgtin:893500010.0001.LN26EXP01");
        var seen = await Repository.Until(() => Repository.Query(Client, match, inspector),
            r => r.Any(e => Repository.Batch(e) == DemoSiloFixture.ExportLot), $"the events of {DemoSiloFixture.ExportLot}");

        Assert.DoesNotContain(await Repository.Query(Client, match, retailer), e => Repository.Batch(e) == DemoSiloFixture.ExportLot);
        var theirs = seen.First(e => Repository.Batch(e) == DemoSiloFixture.ExportLot).Str("eventID");
        Assert.NotEqual(HttpStatusCode.OK, await Repository.Status(Client, theirs, retailer));
    }
}

/// <summary>Events captured through /epcis/capture and applied to Nguon lots are in the repository once, as captured: the
/// Nguon events they became are not projected beside them, checked once the projection has passed them (a later API event
/// on the same lot is in the repository).</summary>
public sealed class EpcisProjectionCaptureTests(RegisteredSiloFixture fixture) : IClassFixture<RegisteredSiloFixture>
{
    private const string Producer = "htx-ps", Inspector = "ppd-inspector", Farm = "VNBG-LN-PS-002", Day = "2026-06-21";

    private HttpClient Client => fixture.Client;

    private static JsonObject At(JsonObject e, string hour)
    {
        e["eventTime"] = $"{Day}T{hour}:00.000+07:00";
        return e;
    }

    private static string Window(string hour) =>
        $"GE_eventTime={Day}T{hour}:00.000%2B07:00&LT_eventTime={Day}T{hour}:01.000%2B07:00";

    /// <summary>Records a later event on <paramref name="code"/> through the API and waits until it is in the repository.</summary>
    private async Task ProjectedPast(string code, string hour)
    {
        await Client.Post($"api/batches/{code}/events", new { bizStep = "storing", eventTime = $"{Day}T{hour}:00+07:00" },
            fixture.Party(Producer)).Expect(HttpStatusCode.Created);
        var export = await Client.Get($"api/batches/{code}/epcis", fixture.Party(Inspector)).Expect(HttpStatusCode.OK);
        var stored = EventHashId.Events(export).Single(e => e.Str("bizStep") == "storing" && Repository.Batch(e) == code).Str("eventID");
        await Repository.Until(() => Repository.Status(Client, stored, fixture.Party(Inspector)), s => s == HttpStatusCode.OK,
            $"the storing event of {code} in the repository");
    }

    [Fact]
    public async Task A_captured_harvest_is_in_the_repository_once()
    {
        var harvest = At(Harvest("PS-EP26-P-0001", Farm, 30m), "06:17");
        var job = await fixture.Capture([harvest], fixture.Party(Producer));
        Assert.True(job.Success, job.ToString());
        await ProjectedPast("PS-EP26-P-0001", "07:00");

        var window = await Repository.Query(Client, Window("06:17"), fixture.Party(Inspector));
        Assert.Equal([HashIds(harvest)[0]], Repository.Ids(window));
        var export = await Client.Get("api/batches/PS-EP26-P-0001/epcis", fixture.Party(Inspector)).Expect(HttpStatusCode.OK);
        var form = EventHashId.Events(export).Single(e => e.Str("bizStep") == "commissioning").Str("eventID");
        Assert.Equal(HttpStatusCode.NotFound, await Repository.Status(Client, form, fixture.Party(Inspector)));
    }

    [Fact]
    public async Task A_captured_document_s_events_are_in_the_repository_once_though_applied_one_by_one()
    {
        var events = new[]
        {
            At(Harvest("PS-EP26-P-0011", Farm, 20m), "06:21"), At(Harvest("PS-EP26-P-0012", Farm, 10m), "06:22"),
            At(Merge("PS-EP26-P-0013", 30m, "x", ("PS-EP26-P-0011", 20m), ("PS-EP26-P-0012", 10m)), "06:23"),
        };
        var job = await fixture.Capture(events, fixture.Party(Producer));
        Assert.True(job.Success, job.ToString());
        await ProjectedPast("PS-EP26-P-0013", "07:30");

        var ids = HashIds(events);
        foreach (var (hour, id) in new[] { "06:21", "06:22" }.Zip(ids))
            Assert.Equal([id], Repository.Ids(await Repository.Query(Client, Window(hour), fixture.Party(Inspector))));
        // The merge as captured; beside it only the takes of its inputs (Nguon's side of the merge, which the capture did not
        // write), never a second event of the merged lot.
        var merge = await Repository.Query(Client, Window("06:23"), fixture.Party(Inspector));
        Assert.Equal([ids[2]], Repository.Ids(merge.Where(e => e.Str("type") == "TransformationEvent")));
        Assert.DoesNotContain(merge, e => Repository.Batch(e) == "PS-EP26-P-0013");
    }
}
