using System.Text.Json;
using Nguon.Domain.Epcis;
using Nguon.Silo.Epcis;
using Nguon.Silo.ReadModel;

namespace Nguon.Tests.Epcis;

/// <summary>The EPCIS projection's storage on both real stores: pending read-model rows become stored events (indexed,
/// under their actor's organisation, capture_id nguon) and are cleared; a row made pending again stores nothing twice; a
/// row without a form stays pending; a captured event applied as a Nguon event stands for it, whether it was stored before
/// the projection (nothing projected) or after (the projection deleted); passes go on after the last row taken, and on
/// PostgreSQL two passes at once take different rows.</summary>
public sealed class EpcisProjectionStoreTests
{
    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private static readonly DateTimeOffset T0 = new(2026, 6, 10, 8, 0, 0, TimeSpan.FromHours(7));

    private sealed record World(EpcisEventStore Store, ReadModelSql Sql);

    private static async Task<World> Setup(string kind)
    {
        var (store, sql) = await EpcisEventStoreTests.Open(kind);
        return new(store, sql);
    }

    /// <summary>A read-model event row as the read model writes it (pending).</summary>
    private static Task Row(World w, string batch, int sequence, DateTimeOffset time, string step = "storing") =>
        w.Sql.Execute([new("""
            INSERT INTO rm_events (service_id, batch, sequence, event_id, event_type, biz_step, event_time, event_offset, record_time,
                actor, inputs, outputs, sensors, documents, hash)
            VALUES (@s, @batch, @sequence, @id, 'ObjectEvent', @step, @time, 420, @time, 'htx-a', '[]', '[]', '[]', '[]', 'h')
            """, [("batch", batch), ("sequence", sequence), ("id", $"{batch}-{sequence}"), ("step", step), ("time", time)])]);

    private static async Task<List<string>> Pending(World w) =>
        await w.Sql.Rows("SELECT batch, sequence FROM rm_events WHERE service_id = @s AND epcis_pending ORDER BY batch, sequence", [],
            r => $"{r.GetString(0)}/{r.GetInt32(1)}");

    private static async Task<List<string>> Stored(World w) =>
        await w.Sql.Rows("""
            SELECT e.event_id, e.capture_id, e.organisation, e.batch,
                (SELECT COUNT(*) FROM nguon_epcis_epcs x WHERE x.service_id = @s AND x.event_id = e.event_id),
                (SELECT COUNT(*) FROM nguon_epcis_sensor_reports x WHERE x.service_id = @s AND x.event_id = e.event_id)
            FROM nguon_epcis_events e WHERE e.service_id = @s ORDER BY e.event_id
            """, [], r => $"{r.GetString(0)} {r.GetString(1)} {r.GetString(2)} {r.GetString(3)} {r.GetInt64(4)} {r.GetInt64(5)}");

    /// <summary>An EPCIS event of lot <paramref name="batch"/>, indexed as a capture indexes it.</summary>
    private static StoredEvent Event(string id, string batch, DateTimeOffset time, string step = "storing", string? organisation = null)
    {
        var json = $$"""
            {"type":"ObjectEvent","eventID":"{{id}}","action":"OBSERVE","eventTime":"{{NguonEpcisForm.Time(time)}}",
             "eventTimeZoneOffset":"+07:00","bizStep":"{{step}}",
             "quantityList":[{"epcClass":"urn:nguon:batch:{{batch}}","quantity":12.5,"uom":"KGM"}],
             "sensorElementList":[{"sensorReport":[{"type":"Temperature","value":4.5,"uom":"CEL"}]}]}
            """;
        var e = JsonDocument.Parse(json).RootElement;
        return new StoredEvent(id, id, batch, EpcisIndex.Of(e, EpcisNamespaces.Standard), json, organisation);
    }

    /// <summary>Forms as the projector makes them: one per row (its id from the row), none for the rows in
    /// <paramref name="without"/>.</summary>
    private static Func<IReadOnlyList<PendingEvent>, Task<ProjectionForms>> Forms(Dictionary<string, DateTimeOffset> times,
        string[]? without = null, string step = "storing") => rows => Task.FromResult(new ProjectionForms(DateTimeOffset.UtcNow,
        [.. rows.Select(r => without?.Contains($"{r.Batch}/{r.Sequence}") == true ? null
            : Event($"ni:///p/{r.Batch}/{r.Sequence}", r.Batch, times[$"{r.Batch}/{r.Sequence}"], step, "htx-a"))]));

    private static Func<StoreResult, CaptureJob?> NoJob => _ => null;

    [Theory, MemberData(nameof(Stores))]
    public async Task Pending_rows_are_stored_once_indexed_and_cleared_and_a_row_without_a_form_stays_pending(string kind)
    {
        var w = await Setup(kind);
        var times = new Dictionary<string, DateTimeOffset> { ["A/1"] = T0, ["A/2"] = T0.AddHours(1), ["B/1"] = T0.AddHours(2) };
        foreach (var (key, time) in times) await Row(w, key[..1], int.Parse(key[2..]), time);

        var first = await w.Store.Project(10, null, Forms(times, ["B/1"]));
        Assert.Equal((3, 2, 0, 1), (first.Taken, first.Stored, first.Skipped, first.Left));
        Assert.Equal(["B/1"], await Pending(w));
        Assert.Equal(["ni:///p/A/1 nguon htx-a A 1 1", "ni:///p/A/2 nguon htx-a A 1 1"], await Stored(w));

        // A whole-record repair writes the rows again, pending: the same forms store nothing twice.
        await w.Sql.Execute([new("UPDATE rm_events SET epcis_pending = TRUE WHERE service_id = @s", [])]);
        var again = await w.Store.Project(10, null, Forms(times));
        Assert.Equal((3, 1, 2, 0), (again.Taken, again.Stored, again.Skipped, again.Left));
        Assert.Empty(await Pending(w));
        Assert.Equal(3, (await Stored(w)).Count);
        Assert.Equal(ProjectionPass.None, await w.Store.Project(10, null, Forms(times)));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_pass_goes_on_after_the_last_row_it_took(string kind)
    {
        var w = await Setup(kind);
        var times = new Dictionary<string, DateTimeOffset> { ["A/1"] = T0, ["A/2"] = T0.AddHours(1), ["B/1"] = T0.AddHours(2) };
        foreach (var (key, time) in times) await Row(w, key[..1], int.Parse(key[2..]), time);
        var first = await w.Store.Project(2, null, Forms(times, ["A/1", "A/2"]));
        Assert.Equal(new PendingEvent("A", 2), first.Last);
        var second = await w.Store.Project(2, first.Last, Forms(times));
        Assert.Equal((1, 1, new PendingEvent("B", 1)), (second.Taken, second.Stored, second.Last));
        Assert.Equal(["A/1", "A/2"], await Pending(w));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_captured_event_applied_to_a_lot_is_stored_once_whichever_is_stored_first(string kind)
    {
        var w = await Setup(kind);
        var times = new Dictionary<string, DateTimeOffset> { ["C/1"] = T0, ["D/1"] = T0.AddHours(1) };
        await Row(w, "C", 1, T0, "shipping");
        await Row(w, "D", 1, T0.AddHours(1), "shipping");

        // Captured first: its store clears the row it was applied as; made pending again, the projection skips it.
        await w.Store.Capture([Event("urn:uuid:c", "C", T0, "shipping")], DateTimeOffset.UtcNow, "cap-1", "htx-a", true, NoJob);
        Assert.Equal(["D/1"], await Pending(w));
        await w.Sql.Execute([new("UPDATE rm_events SET epcis_pending = TRUE WHERE service_id = @s AND batch = 'C'", [])]);
        // Projected first: the capture stored after it deletes the projection (a document is stored after all its events applied).
        var pass = await w.Store.Project(10, null, Forms(times, step: "shipping"));
        Assert.Equal((2, 1, 1), (pass.Taken, pass.Stored, pass.Skipped));
        Assert.Contains("ni:///p/D/1 nguon htx-a D 1 1", await Stored(w));
        await w.Store.Capture([Event("urn:uuid:d", "D", T0.AddHours(1), "shipping")], DateTimeOffset.UtcNow, "cap-2", "htx-a", true,
            NoJob);
        Assert.Equal(["urn:uuid:c cap-1 htx-a C 1 1", "urn:uuid:d cap-2 htx-a D 1 1"], await Stored(w));
        Assert.Empty(await Pending(w));
    }

    [Fact]
    public async Task On_PostgreSQL_two_passes_at_once_take_different_lots()
    {
        var w = await Setup("postgres");
        var times = new Dictionary<string, DateTimeOffset>
        {
            ["E/1"] = T0, ["E/2"] = T0.AddMinutes(1), ["F/1"] = T0.AddMinutes(2), ["F/2"] = T0.AddMinutes(3),
        };
        foreach (var (key, time) in times) await Row(w, key[..1], int.Parse(key[2..]), time);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = w.Store.Project(2, null, async rows =>
        {
            holding.SetResult();
            await release.Task;
            return await Forms(times)(rows);
        });
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The slow pass holds lot E while it makes its forms: the other takes F only, and does not wait for E.
        var other = await w.Store.Project(10, null, Forms(times)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((4, 2, 2, new PendingEvent("F", 2)), (other.Taken, other.Stored, other.Left, other.Last));
        // Nor does a whole projection of lot E, which rewrites its rows.
        await w.Sql.Execute([new("UPDATE rm_events SET epcis_pending = TRUE WHERE service_id = @s AND batch = 'E'", [])])
            .WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        var first = await slow.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((2, 2, new PendingEvent("E", 2)), (first.Taken, first.Stored, first.Last));
        Assert.Equal(4, (await Stored(w)).Count);
        Assert.Empty(await Pending(w));
    }
}
