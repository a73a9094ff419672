using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nguon.Tests.Cli;

/// <summary>`nguon epcis capture|query|export` against a real silo: a document captured from a file and queried back by
/// its EPC, pages followed by the printed token, a failed capture job as exit 1 with its errors, bad input as exit 2 with
/// one line, and a lot's chain exported as an EPCIS document.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class EpcisCommandTests(CliSilo silo)
{
    private static JsonObject Observe(string epc, string? eventId = null, string step = "shipping")
    {
        var e = new JsonObject
        {
            ["type"] = "ObjectEvent",
            ["eventTime"] = "2026-06-10T08:00:00.000+07:00",
            ["eventTimeZoneOffset"] = "+07:00",
            ["epcList"] = new JsonArray(epc),
            ["action"] = "OBSERVE",
            ["bizStep"] = step,
            ["readPoint"] = new JsonObject { ["id"] = "urn:epc:id:sgln:8938500.00001.0" },
        };
        if (eventId is not null) e["eventID"] = eventId;
        return e;
    }

    private static string Document(params JsonObject[] events) => new JsonObject
    {
        ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"),
        ["type"] = "EPCISDocument",
        ["schemaVersion"] = "2.0",
        ["creationDate"] = "2026-06-10T09:00:00Z",
        ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray([.. events]) },
    }.ToJsonString();

    private async Task<string> File(string json)
    {
        var path = silo.NewFile("epcis.json");
        await System.IO.File.WriteAllTextAsync(path, json);
        return path;
    }

    private static JsonElement EventList(JsonElement queryDocument) =>
        queryDocument.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList");

    private static string Epc(CliWorld world, int n) => $"urn:epc:id:sgtin:8938500.012345.{world.Suffix}{n}";

    [Fact]
    public async Task A_document_captured_from_a_file_is_queried_back_by_its_EPC_a_page_at_a_time()
    {
        var world = await CliWorld.CreateAsync(silo);
        var file = await File(Document(Observe(Epc(world, 1)), Observe(Epc(world, 2)), Observe(Epc(world, 3), step: "receiving")));
        var human = (await world.As(world.Packer, "epcis", "capture", file)).Ok();
        Assert.Matches(@"capture \w+: success, 3 of 3 events stored", human.Stdout);

        var pattern = "urn:epc:idpat:sgtin:8938500.012345.*"; // this world's packer sees only its own events
        var first = (await world.As(world.Packer, "epcis", "query", "--param", $"MATCH_epc={pattern}", "--per-page", "2")).Ok();
        var token = System.Text.RegularExpressions.Regex.Match(first.Stdout, @"2 events; next page: --page-token (\S+)").Groups[1].Value;
        Assert.NotEmpty(token);
        var last = (await world.As(world.Packer, "epcis", "query", "--param", $"MATCH_epc={pattern}", "--per-page", "2",
            "--page-token", token, "--json")).Ok().Json();
        var firstJson = (await world.As(world.Packer, "epcis", "query", "--param", $"MATCH_epc={pattern}", "--per-page", "2",
            "--json")).Ok().Json();
        var events = EventList(last);
        Assert.Equal(1, events.GetArrayLength());
        var seen = EventList(firstJson).EnumerateArray().Concat(events.EnumerateArray())
            .Select(e => e.GetProperty("epcList")[0].GetString());
        Assert.Equal(Enumerable.Range(1, 3).Select(n => Epc(world, n)), seen.Order(StringComparer.Ordinal));
        Assert.StartsWith("ni:///sha-256;", events[0].GetProperty("eventID").GetString(), StringComparison.Ordinal);

        // Another organisation sees none of them.
        var other = (await world.As(world.Retailer, "epcis", "query", "--param", $"MATCH_epc={pattern}", "--json")).Ok().Json();
        Assert.Equal(0, EventList(other).GetArrayLength());
    }

    [Fact]
    public async Task A_capture_job_that_fails_exits_1_with_its_errors_and_bad_input_exits_2_with_one_line()
    {
        var world = await CliWorld.CreateAsync(silo);
        var id = $"urn:uuid:{Guid.NewGuid()}";
        (await world.As(world.Packer, "epcis", "capture", await File(Document(Observe(Epc(world, 1), id))))).Ok();
        // The same eventID for other content: under rollback nothing of the document is stored, and the job says why.
        var failed = await world.As(world.Packer, "epcis", "capture", await File(Document(Observe(Epc(world, 2)),
            Observe(Epc(world, 3), id))), "--json");
        Assert.Equal(Nguon.Cli.NguonCli.NotVerified, failed.ExitCode);
        var job = failed.Json();
        Assert.False(job.GetProperty("success").GetBoolean());
        Assert.Equal(0, job.GetProperty("stored").GetInt32());
        Assert.Equal(1, job.GetProperty("errors")[0].GetProperty("eventIndex").GetInt32());
        var none = (await world.As(world.Packer, "epcis", "query", "--param", $"MATCH_epc={Epc(world, 2)}", "--json")).Ok().Json();
        Assert.Equal(0, EventList(none).GetArrayLength());

        var invalid = Observe(Epc(world, 4));
        invalid["action"] = "MOVE";
        Assert.Contains("(400)", (await world.As(world.Packer, "epcis", "capture", await File(Document(invalid)))).Failed(),
            StringComparison.Ordinal);
        Assert.Contains("is not JSON", (await world.As(world.Packer, "epcis", "capture", await File("{ not json"))).Failed(),
            StringComparison.Ordinal);
        Assert.Contains("--behaviour is rollback or proceed",
            (await world.As(world.Packer, "epcis", "capture", await File(Document()), "--behaviour", "maybe")).Failed(),
            StringComparison.Ordinal);
        Assert.Contains("--param is NAME=VALUE", (await world.As(world.Packer, "epcis", "query", "--param", "shipping")).Failed(),
            StringComparison.Ordinal);
        Assert.Contains("(400)", (await world.As(world.Packer, "epcis", "query", "--param", "EQ_colour=red")).Failed(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lots_chain_is_exported_as_one_EPCIS_document_to_a_file()
    {
        var world = await CliWorld.CreateAsync(silo);
        var chain = await world.PackedChain();
        var file = silo.NewFile("chain.jsonld");
        var run = (await world.As(world.Inspector, "epcis", "export", chain.Packed, "--out", file)).Ok();
        using var document = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(file));
        Assert.Equal("EPCISDocument", document.RootElement.GetProperty("type").GetString());
        var events = document.RootElement.GetProperty("epcisBody").GetProperty("eventList");
        Assert.Contains($"({events.GetArrayLength()} events)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "TransformationEvent");
        Assert.Contains("404", (await world.As(world.Inspector, "epcis", "export", world.Id("NO-SUCH"))).Failed(),
            StringComparison.Ordinal);
    }
}
