using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Nguon.Silo.Documents;

/// <summary>Readiness includes the document store: a silo that cannot reach it cannot serve or take documents.</summary>
public sealed class DocumentStoreHealthCheck(IDocumentStore store, IOptions<DocumentOptions> options) : IHealthCheck
{
    /// <summary>SHA-256 of no bytes: asking whether it is stored is a cheap round trip.</summary>
    private const string Probe = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ExistsAsync(Probe, cancellationToken);
            return HealthCheckResult.Healthy($"{options.Value.Store} document store reachable");
        }
        catch (Exception e) when (e is Azure.RequestFailedException or IOException or UnauthorizedAccessException
                                       or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy($"{options.Value.Store} document store unreachable", e);
        }
    }
}
