using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nguon.Domain.Alerts;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Alerts;

/// <summary>The alert evaluator in the background of a real silo: a write is judged at the next pass without anyone asking.
/// The season is a past one (2025), which the schedule never judges (it takes each GI's current season): only the
/// change-driven passes can raise these alerts.</summary>
[Collection(RestartSiloCollection.Name)]
public sealed class AlertEvaluatorHttpTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_back_dated_harvest_raises_its_alert_at_the_next_pass_and_so_does_a_later_one()
    {
        await using var silo = new SiloProcess(demo: false, extraArguments: ["--Nguon:Alerts:Interval=00:00:01"]);
        await silo.StartAsync();
        var w = new HttpWorld(silo, t0: new DateTimeOffset(2025, 6, 10, 6, 0, 0, TimeSpan.FromHours(7)));
        await w.RegisterCertificate();
        var producer = await w.Producer("p");
        var inspector = await w.Inspector();
        await w.RegisterFarm("F", producer);
        await w.Authorise("F");

        foreach (var lot in new[] { "LATE1", "LATE2" })
        {
            // Picked in June 2025, recorded today: far past the default rule set's 72 hours.
            await silo.Client.Post($"api/farms/{w.Id("F")}/harvests", Api.Harvest(w.Id(lot), 500m, w.T0, w.Gi), producer)
                .Expect(HttpStatusCode.Created);
            var alert = await Raised(silo, inspector, w.Gi, w.Id(lot));
            Assert.Equal(w.Season, alert.Str("season"));
            Assert.Equal("open", alert.Str("state"));
            Assert.Contains(w.Id(lot), alert.GetProperty("evidence").GetProperty("lots").EnumerateArray().Select(l => l.GetString()));
        }
        var all = await silo.Client.Get($"api/alerts?gi={w.Gi}", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(2, all.GetProperty("items").GetArrayLength()); // each harvest judged once into one alert, nothing else
    }

    /// <summary>The back-dated alert on <paramref name="lot"/>, polled for (the evaluator runs every second) within a
    /// bounded time; the test fails with the silo's output if it never comes.</summary>
    private static async Task<JsonElement> Raised(SiloProcess silo, Party inspector, string gi, string lot)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            var page = await silo.Client.Get($"api/alerts?gi={gi}&rule={AlertRules.BackDated}", inspector).Expect(HttpStatusCode.OK);
            foreach (var alert in page.GetProperty("items").EnumerateArray())
                if (alert.Str("subject") == lot) return alert.Clone();
            await Task.Delay(200); // polling interval
        }
        throw new TimeoutException($"no {AlertRules.BackDated} alert on {lot} within {Deadline.TotalSeconds:0} s:{Environment.NewLine}"
            + SiloRunner.Tail(silo.Output));
    }
}
