using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Nguon.Silo.Hosting;

/// <summary>Readiness includes the database: a silo that cannot reach its storage should not take traffic.</summary>
public sealed class StorageHealthCheck(IOptions<NguonOptions> settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var options = settings.Value;
        try
        {
            await using DbConnection connection = options.Storage == StorageKind.Postgres
                ? new NpgsqlConnection(options.StorageConnectionString)
                : new SqliteConnection(options.StorageConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{options.Storage} storage reachable");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{options.Storage} storage unreachable", e);
        }
    }
}
