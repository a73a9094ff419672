using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nguon.Domain.Epcis;
using Nguon.Tests.Http;

namespace Nguon.Tests.Epcis;

/// <summary>A silo process (SQLite, the embedded default) with a capturing operator, shared by the capture tests.</summary>
public sealed class EpcisSiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; } = new();
    public HttpClient Client => Silo.Client;
    public Party Operator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Silo.StartAsync();
        Operator = await Silo.Organisation("epcis-operator", "operator");
    }

    public Task DisposeAsync() => Silo.DisposeAsync();

    /// <summary>The events stored under these eventIDs, read from the silo's own database file.</summary>
    public async Task<int> StoredCount(IEnumerable<string> eventIds)
    {
        await using var connection = new SqliteConnection($"Data Source={Silo.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        var count = 0;
        foreach (var id in eventIds)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM nguon_epcis_events WHERE event_id = $id";
            command.Parameters.AddWithValue("$id", id);
            count += Convert.ToInt32(await command.ExecuteScalarAsync());
        }
        return count;
    }
}

/// <summary>POST /epcis/capture and /epcis/events through a real silo: the job, hash IDs as eventIDs, re-captures, an
/// eventID reused for other content under rollback and proceed, refusals that store nothing, and the binding's headers.</summary>
public sealed class EpcisCaptureHttpTests(EpcisSiloFixture fixture) : IClassFixture<EpcisSiloFixture>
{
    private HttpClient Client => fixture.Client;

    private static JsonObject ObserveEvent(string sgtinSerial, string time = "2026-06-10T08:00:00.000+07:00") => new()
    {
        ["type"] = "ObjectEvent",
        ["eventTime"] = time,
        ["eventTimeZoneOffset"] = "+07:00",
        ["epcList"] = new JsonArray($"urn:epc:id:sgtin:8938500.012345.{sgtinSerial}"),
        ["action"] = "OBSERVE",
        ["bizStep"] = "shipping",
        ["disposition"] = "in_transit",
        ["readPoint"] = new JsonObject { ["id"] = "urn:epc:id:sgln:8938500.00001.0" },
        ["ex:note"] = "kept as captured",
    };

    private static JsonObject Document(params JsonObject[] events) => new()
    {
        ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            new JsonObject { ["ex"] = "https://example.org/epcis/" }),
        ["type"] = "EPCISDocument",
        ["schemaVersion"] = "2.0",
        ["creationDate"] = "2026-06-10T09:00:00Z",
        ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray([.. events]) },
    };

    private Task<HttpResponseMessage> Capture(JsonObject document, string? behaviour = null, Party? by = null) =>
        Client.SendAuthorized(HttpMethod.Post, "epcis/capture", document.ToJsonString(), $"Bearer {(by ?? fixture.Operator).Token}",
            behaviour is null ? null : new Dictionary<string, string> { ["GS1-Capture-Error-Behaviour"] = behaviour });

    private static string HashId(JsonObject document, int index) =>
        EventHashId.OfDocument(JsonSerializer.SerializeToElement(document))[index];

    [Fact]
    public async Task A_document_is_captured_as_a_finished_job_and_its_events_get_their_hash_ids()
    {
        var serial = Api.Suffix();
        var document = Document(ObserveEvent(serial + "1"), ObserveEvent(serial + "2"));
        using var response = await Capture(document);
        var job = await response.Expect(HttpStatusCode.Accepted);
        Assert.Equal("2.0.0", response.Headers.GetValues("GS1-EPCIS-Version").Single());
        Assert.Equal($"/epcis/capture/{job.Str("captureId")}", response.Headers.Location!.OriginalString);
        Assert.True(job.GetProperty("success").GetBoolean());
        Assert.Equal(2, job.GetProperty("stored").GetInt32());
        var again = await Client.Get(response.Headers.Location.OriginalString.TrimStart('/'), fixture.Operator).Expect(HttpStatusCode.OK);
        Assert.Equal(job.Str("captureId"), again.Str("captureId"));
        Assert.Equal(2, await fixture.StoredCount([HashId(document, 0), HashId(document, 1)]));
    }

    [Fact]
    public async Task The_same_events_again_with_fields_reordered_and_curies_spelled_out_are_already_stored()
    {
        var serial = Api.Suffix();
        var first = Document(ObserveEvent(serial));
        await Capture(first).Expect(HttpStatusCode.Accepted);
        var reordered = new JsonObject(ObserveEvent(serial).Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        reordered["bizStep"] = "https://ref.gs1.org/cbv/BizStep-shipping";
        reordered.Remove("ex:note");
        reordered["https://example.org/epcis/note"] = "kept as captured";
        var second = Document(reordered);
        Assert.Equal(HashId(first, 0), HashId(second, 0));
        var job = await Capture(second).Expect(HttpStatusCode.Accepted);
        Assert.True(job.GetProperty("success").GetBoolean());
        Assert.Equal(1, await fixture.StoredCount([HashId(first, 0)]));
    }

    [Fact]
    public async Task Under_rollback_an_event_id_used_for_other_content_stores_nothing_of_the_document()
    {
        var serial = Api.Suffix();
        var id = $"urn:uuid:{Guid.NewGuid()}";
        var original = ObserveEvent(serial + "a");
        original["eventID"] = id;
        await Capture(Document(original)).Expect(HttpStatusCode.Accepted);
        var other = ObserveEvent(serial + "b");
        other["eventID"] = id;
        var fresh = ObserveEvent(serial + "c");
        var document = Document(fresh, other);
        var job = await Capture(document, "rollback").Expect(HttpStatusCode.Accepted);
        Assert.False(job.GetProperty("success").GetBoolean());
        var error = Assert.Single(job.GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("eventIndex").GetInt32());
        Assert.Equal(0, await fixture.StoredCount([HashId(document, 0)]));

        var proceeded = await Capture(document, "proceed").Expect(HttpStatusCode.Accepted);
        Assert.False(proceeded.GetProperty("success").GetBoolean());
        Assert.Equal(1, proceeded.GetProperty("stored").GetInt32());
        Assert.Equal(1, await fixture.StoredCount([HashId(document, 0)]));
    }

    [Fact]
    public async Task A_document_that_is_not_epcis_is_a_400_validation_problem_and_stores_nothing()
    {
        var document = Document(ObserveEvent(Api.Suffix()));
        document.Remove("@context");
        var problem = await Capture(document).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("epcisException:ValidationException", problem.Str("type"));
        Assert.Equal(0, await fixture.StoredCount([HashId(document, 0)]));

        using var notJson = await Client.SendAuthorized(HttpMethod.Post, "epcis/capture", "{\"type\":", $"Bearer {fixture.Operator.Token}");
        Assert.Equal("epcisException:ValidationException", (await notJson.ExpectProblem(HttpStatusCode.BadRequest)).Str("type"));
        var unknown = await Capture(Document(ObserveEvent(Api.Suffix())), "sometimes").ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("rollback or proceed", unknown.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("action", "\"SOMETIMES\"", "/epcisBody/eventList/1/action")]
    [InlineData("eventTime", "\"10 June 2026\"", "/epcisBody/eventList/1/eventTime")]
    [InlineData("bizStep", "\"harvesting\"", "/epcisBody/eventList/1/bizStep")]
    [InlineData("quantityList", "[{\"epcClass\":\"urn:epc:class:lgtin:8938500.012345.L1\",\"quantity\":\"12\"}]",
        "/epcisBody/eventList/1/quantityList/0/quantity")]
    [InlineData("ilmd", "{\"variety\":\"Thieu\"}", "/epcisBody/eventList/1/ilmd/variety")]
    public async Task Each_invalid_class_is_a_400_naming_where_and_the_whole_document_stores_nothing(string field, string json,
        string pointer)
    {
        var valid = ObserveEvent(Api.Suffix());
        var invalid = ObserveEvent(Api.Suffix());
        invalid[field] = JsonNode.Parse(json);
        var document = Document(valid, invalid);
        var problem = await Capture(document).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal("epcisException:ValidationException", problem.Str("type"));
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(),
            e => e.Str("pointer").StartsWith(pointer, StringComparison.Ordinal));
        Assert.Equal(0, await fixture.StoredCount([HashId(document, 0)]));
    }

    [Fact]
    public async Task A_captured_event_reads_back_as_captured_for_its_capturer_only()
    {
        var e = ObserveEvent(Api.Suffix());
        var document = Document(e);
        await Capture(document).Expect(HttpStatusCode.Accepted);
        var path = $"epcis/events/{Uri.EscapeDataString(HashId(document, 0))}";
        // The binding answers one event as a query document holding it.
        var read = (await Client.Get(path, fixture.Operator).Expect(HttpStatusCode.OK))
            .GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")[0];
        Assert.Equal(HashId(document, 0), read.Str("eventID"));
        Assert.Equal("kept as captured", read.Str("ex:note"));
        Assert.Equal("https://example.org/epcis/", read.GetProperty("@context").GetProperty("ex").GetString());
        Assert.Equal(HashId(document, 0), EventHashId.Of(read));
        var other = await fixture.Silo.Organisation("epcis-other", "operator");
        await Client.Get(path, other).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Capture_needs_a_key_with_a_role_that_records_events()
    {
        await Capture(Document(ObserveEvent(Api.Suffix())), by: fixture.Silo.Admin).ExpectProblem(HttpStatusCode.Forbidden);
        using var anonymous = await Client.SendAuthorized(HttpMethod.Post, "epcis/capture", Document().ToJsonString(), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Options_advertises_the_capture_limits()
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "epcis/capture"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("10000", response.Headers.GetValues("GS1-EPCIS-Capture-Limit").Single());
        Assert.Equal((16 * 1024 * 1024).ToString(), response.Headers.GetValues("GS1-EPCIS-Capture-File-Size-Limit").Single());
        Assert.Equal("2.0.0", response.Headers.GetValues("GS1-CBV-Version").Single());
    }

    [Fact]
    public async Task A_single_event_is_created_at_its_event_id_and_again_answers_the_same()
    {
        var single = ObserveEvent(Api.Suffix());
        single["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            new JsonObject { ["ex"] = "https://example.org/epcis/" });
        var hashId = EventHashId.Of(JsonSerializer.SerializeToElement(single));
        async Task<string> Post(JsonObject e)
        {
            using var response = await Client.SendAuthorized(HttpMethod.Post, "epcis/events", e.ToJsonString(),
                $"Bearer {fixture.Operator.Token}");
            await response.Expect(HttpStatusCode.Created);
            return response.Headers.Location!.OriginalString;
        }
        var location = await Post(single);
        Assert.Equal($"/epcis/events/{Uri.EscapeDataString(hashId)}", location);
        Assert.Equal(location, await Post(single));
        Assert.Equal(1, await fixture.StoredCount([hashId]));

        var reused = ObserveEvent(Api.Suffix());
        reused["@context"] = single["@context"]!.DeepClone();
        reused["eventID"] = hashId;
        using var conflict = await Client.SendAuthorized(HttpMethod.Post, "epcis/events", reused.ToJsonString(),
            $"Bearer {fixture.Operator.Token}");
        await conflict.ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Too_many_events_or_another_media_type_are_refused_before_anything_is_stored()
    {
        var many = Document([.. Enumerable.Range(0, 10_001).Select(i => ObserveEvent($"m{i}"))]);
        var problem = await Capture(many).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("epcisException:CaptureLimitExceededException", problem.Str("type"));
        var request = new HttpRequestMessage(HttpMethod.Post, "epcis/capture")
        {
            Content = new StringContent(Document().ToJsonString(), System.Text.Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {fixture.Operator.Token}");
        using var plain = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
    }
}
