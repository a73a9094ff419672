using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Telemetry;

/// <summary>The business counters move as commands and verifications run (the test cluster is in-process, so a
/// MeterListener sees the silo's measurements).</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class BusinessMetricsTests(MemoryClusterFixture fixture) : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tag), double> totals = new();

    [Fact]
    public async Task Events_harvests_and_verifications_are_counted_by_step_gi_and_verdict()
    {
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == "Nguon") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        listener.Start();

        var s = await new Scenario(fixture.Grains).WithChain();
        for (var i = 0; i < 3; i++)
            Scenario.Ok(await s.Batch("export").RecordEvent(new RecordEvent("sampling", Scenario.At(6, 12).AddMinutes(i)), s.Inspector));
        Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector));
        Scenario.Ok(await s.Trace.Verify(s.Id("h1"), "GI-not-this-one", s.Inspector));

        Assert.True(Total("nguon.events.recorded", "sampling") >= 3);
        Assert.True(Total("nguon.harvest.quantity", s.Gi) >= 1600); // 1,000 + 600 kg in this scenario's GI
        Assert.True(Total("nguon.verifications", "verified") >= 1);
        Assert.True(Total("nguon.verifications", "notverified") >= 1);
        Assert.True(Total("nguon.verification.reasons", "gi.no-claim") >= 1);
        Assert.True(Total("nguon.trace.batches", "") >= 4);
    }

    private double Total(string instrument, string tag) => totals.GetValueOrDefault((instrument, tag));

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct
    {
        var tag = tags.Length > 0 ? tags[0].Value?.ToString() ?? "" : "";
        totals.AddOrUpdate((instrument.Name, tag), Convert.ToDouble(value), (_, total) => total + Convert.ToDouble(value));
    }

    public void Dispose() => listener.Dispose();
}
