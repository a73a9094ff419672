using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Data.Sqlite;
using Nguon.Domain;
using Nguon.Tests.Http;

namespace Nguon.Tests.Limits;

/// <summary>The attack of issue 13: every anonymous 401 and every non-GET request was written to the audit trail with
/// its path (up to 8 KB), so 400 requests stored 3.4 MB. Now a request with no authenticated organisation writes
/// nothing: the store's rows and bytes are the same before and after, and the requests are counted
/// (<c>nguon.http.anonymous_refusals</c>).</summary>
public sealed class AnonymousRequestTests
{
    [Fact]
    public async Task Four_hundred_anonymous_requests_persist_nothing_and_are_counted()
    {
        await using var silo = await InProcessSilo.StartAsync();
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Nguon.Telemetry.NguonTelemetry.Name && instrument.Name == "nguon.http.anonymous_refusals")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();

        var before = await Stored(silo.DatabasePath);
        var longPath = "api/batches/" + new string('A', 7_900) + "/recall";
        var farm = Api.Farm("x");
        var requests = new Func<int, Task<HttpResponseMessage>>[]
        {
            i => silo.Client.Put($"api/farms/F-{i}", farm),
            i => silo.Client.SendAuthorized(HttpMethod.Post, $"api/batches/B-{i}/events", new { bizStep = "storing" }, "Bearer garbage"),
            i => silo.Client.SendAuthorized(HttpMethod.Post, $"api/batches/B-{i}/recall", new { reason = "x" },
                $"Bearer {ApiKeys.Generate().Token}"),
            i => silo.Client.Get($"api/organisations/org-{i}/audit"),
            _ => silo.Client.Post(longPath, new { reason = "x" }),
        };
        await Task.WhenAll(Enumerable.Range(0, 400).Select(async i =>
        {
            using var response = await requests[i % requests.Length](i);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }));

        Assert.Equal(before, await Stored(silo.DatabasePath));
        listener.RecordObservableInstruments();
        Assert.True(Interlocked.Read(ref counted) >= 400, $"counted {counted} anonymous refusals");
    }

    [Fact]
    public async Task An_authenticated_organisation_s_refusals_are_audited_with_a_bounded_path()
    {
        await using var silo = await InProcessSilo.StartAsync();
        var packer = await silo.Client.RegisterOrganisation(silo.Admin, "packer-audited", "operator");
        var code = new string('B', 60);
        await silo.Client.Post($"api/batches/{code}/recall/{new string('x', 1_000)}", new { reason = "x" }, packer)
            .ExpectProblem(HttpStatusCode.NotFound);
        await silo.Client.Put("api/organisations/not-mine", new { name = "x", roles = new[] { "admin" } }, packer).ExpectForbidden();
        var trail = await silo.Client.Get("api/organisations/packer-audited/audit", packer).Expect(HttpStatusCode.OK);
        var paths = trail.EnumerateArray().Select(e => e.Str("path")).ToList();
        Assert.Equal(2, paths.Count);
        Assert.All(paths, p => Assert.True(p.Length <= Nguon.Domain.Organisations.AuditRules.MaxPathLength, p));
        Assert.Contains(paths, p => p.EndsWith("...", StringComparison.Ordinal));
    }

    /// <summary>The rows of the store and the bytes of their payloads.</summary>
    private static async Task<(long Rows, long Bytes)> Stored(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), COALESCE(SUM(LENGTH(PayloadBinary)), 0) FROM OrleansStorage";
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
