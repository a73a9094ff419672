using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nguon.Silo.Hosting;

/// <summary>Not ready once shutdown has begun (SIGTERM, a rolling update): load balancers stop sending new
/// requests while the web server drains those in flight, and only then does the silo hand its grains over.
/// (ASP.NET Core stops the web server before the other hosted services, Orleans among them.)</summary>
public sealed class StoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("shutting down")
            : HealthCheckResult.Healthy("serving"));
}
