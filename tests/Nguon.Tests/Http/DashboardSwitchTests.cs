using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nguon.Tests.Limits;

namespace Nguon.Tests.Http;

/// <summary><c>Nguon:Dashboard=false</c>: no dashboard pages, and none of its parts running in the silo (its meter
/// reader, which observes Orleans' instruments every second, and its grain call profiler).</summary>
public sealed class DashboardSwitchTests
{
    [Fact]
    public async Task A_silo_without_the_dashboard_serves_no_dashboard_and_runs_none_of_it()
    {
        await using var silo = await InProcessSilo.StartAsync("--Nguon:Dashboard=false");
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Client.Get("dashboard/ClusterStats", silo.Admin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Client.GetAsync("dashboard/login")).StatusCode);
        Assert.DoesNotContain(silo.Services.GetServices<IHostedService>(), s => s.GetType().Namespace?.StartsWith("Orleans.Dashboard") == true);
        Assert.DoesNotContain(silo.Services.GetServices<IIncomingGrainCallFilter>(),
            f => f.GetType().Namespace?.StartsWith("Orleans.Dashboard") == true);
        // The API itself is unchanged.
        Assert.Equal(HttpStatusCode.OK, (await silo.Client.Get("api/me", silo.Admin)).StatusCode);
    }
}
