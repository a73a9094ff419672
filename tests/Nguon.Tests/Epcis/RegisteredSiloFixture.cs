using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nguon.Client.Demo;
using Nguon.Domain;
using Nguon.Domain.Epcis;
using Nguon.Tests.Http;

namespace Nguon.Tests.Epcis;

/// <summary>A silo process of its own (SQLite) holding the demo's registries — organisations with their keys, prefixes,
/// certificates, products, farms — and no batch: the chain is captured into it as EPCIS.</summary>
public sealed class RegisteredSiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; } = new();
    public HttpClient Client => Silo.Client;
    private readonly Dictionary<string, Party> parties = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        await Silo.StartAsync();
        var keysFile = Path.Combine(Silo.Directory, "registry-keys.env");
        await new DemoData(Client, Silo.AdminToken).LoadRegistriesAsync(keysFile);
        foreach (var line in await File.ReadAllLinesAsync(keysFile))
        {
            if (!line.StartsWith("NGUON_KEY_", StringComparison.Ordinal)) continue;
            var token = line[(line.IndexOf('=') + 1)..];
            Assert.True(ApiKeys.TryParse(token, out var keyId, out _), line[..line.IndexOf('=')]);
            var me = await Client.Get("api/me", new Party("?", token, keyId)).Expect(HttpStatusCode.OK);
            parties[me.Str("organisation")] = new Party(me.Str("organisation"), token, keyId);
        }
    }

    public Task DisposeAsync() => Silo.DisposeAsync();

    public Party Party(string organisation) => parties[organisation];

    /// <summary>POST /epcis/capture of a document of <paramref name="events"/> (Nguon's prefix declared) by
    /// <paramref name="by"/>: the finished job.</summary>
    public async Task<JsonElementJob> Capture(IEnumerable<JsonObject> events, Party by, string? behaviour = null)
    {
        var document = NguonEpcisForm.EpcisDocument(events.Select(e => (JsonObject)e.DeepClone()));
        var job = await Client.SendAuthorized(HttpMethod.Post, "epcis/capture", document.ToJsonString(), $"Bearer {by.Token}",
            behaviour is null ? null : new Dictionary<string, string> { ["GS1-Capture-Error-Behaviour"] = behaviour })
            .Expect(HttpStatusCode.Accepted);
        return new(job);
    }

    /// <summary>The batch column of the stored events, by eventID (null: stored about no Nguon lot; absent: not stored).</summary>
    public async Task<Dictionary<string, string?>> StoredBatches(IEnumerable<string> eventIds)
    {
        await using var connection = new SqliteConnection($"Data Source={Silo.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        var stored = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var id in eventIds)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT batch FROM nguon_epcis_events WHERE event_id = $id";
            command.Parameters.AddWithValue("$id", id);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync()) stored[id] = reader.IsDBNull(0) ? null : reader.GetString(0);
        }
        return stored;
    }

    /// <summary>Deletes stored events as if the silo had died after applying them and before storing them.</summary>
    public async Task ForgetStored(IEnumerable<string> eventIds)
    {
        await using var connection = new SqliteConnection($"Data Source={Silo.DatabasePath}");
        await connection.OpenAsync();
        foreach (var id in eventIds)
            foreach (var table in new[] { "nguon_epcis_epcs", "nguon_epcis_sensor_reports", "nguon_epcis_events" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"DELETE FROM {table} WHERE event_id = $id";
                command.Parameters.AddWithValue("$id", id);
                await command.ExecuteNonQueryAsync();
            }
    }
}

/// <summary>A capture job as answered.</summary>
public sealed record JsonElementJob(System.Text.Json.JsonElement Body)
{
    public bool Success => Body.GetProperty("success").GetBoolean();
    public int Stored => Body.GetProperty("stored").GetInt32();

    public IReadOnlyList<(int Index, string Rule, int Status)> Errors =>
        [.. Body.GetProperty("errors").EnumerateArray().Select(e => (
            e.TryGetProperty("eventIndex", out var i) && i.ValueKind == System.Text.Json.JsonValueKind.Number ? i.GetInt32() : -1,
            e.TryGetProperty("rule", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.String ? r.GetString()! : "",
            e.GetProperty("status").GetInt32()))];

    public override string ToString() => Body.ToString();
}
