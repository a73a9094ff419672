using System.Net;
using Microsoft.Extensions.Options;
using Nguon.Silo.ReadModel;
using Orleans.Configuration;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

public static class SiloConfiguration
{
    public const string PostgresInvariant = "Npgsql";
    // Orleans maps this invariant name to Microsoft.Data.Sqlite's factory.
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Clustering, grain storage and reminders for the chosen storage kind.</summary>
    public static ISiloBuilder UseNguonStorage(this ISiloBuilder silo, NguonOptions options)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.AddNguonGrainStorage(options);
        if (options.Storage == StorageKind.Postgres)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = options.StorageConnectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = options.StorageConnectionString;
            });
            silo.ConfigureEndpoints(
                options.AdvertisedIp is { } ip ? IPAddress.Parse(ip) : IPAddress.Loopback,
                options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.AdvertisedIp is not null);
            // Silo name from the pod, and pods of silos declared dead are watched (and may be deleted).
            // ServiceId and ClusterId come from ORLEANS_SERVICE_ID / ORLEANS_CLUSTER_ID there: keep them equal to
            // Nguon's.
            if (options.InKubernetes) silo.UseKubernetesHosting();
        }
        else
        {
            // SQLite has no clustering tables: the embedded default is one silo on this machine.
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort,
                serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        return silo;
    }

    /// <summary>How grain state is stored: by the provider, and read back in groups (<see cref="GroupedGrainStorage"/>).</summary>
    private static readonly JsonGrainStorageSerializer StateSerializer = new();

    /// <summary>The ADO.NET provider's own name; grains use <see cref="Storage.Name"/>, which wraps it.</summary>
    public const string AdoNetStorageName = "nguon-adonet";

    /// <summary>Grain storage alone (tests pair it with the test cluster's own membership): the ADO.NET provider
    /// behind <see cref="CanonicalKeyGrainStorage"/>, so no stored key reads as a number; on PostgreSQL its reads grouped
    /// (<see cref="GroupedGrainStorage"/>); on SQLite also behind
    /// <see cref="SerialWriteGrainStorage"/>, so this silo's writes never collide on the file's one write lock; and in
    /// front of those <see cref="ReadModelGrainStorage"/>, which projects batches, farms, certificates and organisations
    /// into the read model after each write; in front of it all <see cref="WarmUpGrainStorage"/>, which keeps the start-up
    /// warm-up's grains in memory. Idempotency records go to their own table instead, in groups
    /// (<see cref="IdempotencyGrainStorage"/>).</summary>
    public static ISiloBuilder AddNguonGrainStorage(this ISiloBuilder silo, NguonOptions options)
    {
        silo.AddAdoNetGrainStorage(AdoNetStorageName, o =>
        {
            o.Invariant = options.Storage == StorageKind.Postgres ? PostgresInvariant : SqliteInvariant;
            o.ConnectionString = options.StorageConnectionString;
            o.GrainStorageSerializer = StateSerializer;
            // A cleared record (an expired audit day, a drained log intake chunk) leaves no row behind.
            o.DeleteStateOnClear = true;
        });
        silo.Services.AddSingleton<WarmUpStates>();
        silo.Services.AddSingleton<SqliteWriteGate>();
        silo.Services.AddNguonReadModel(options);
        silo.Services.AddKeyedSingleton<IGrainStorage>(Storage.Name, (services, _) =>
        {
            var adoNet = services.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName);
            var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
            var provider = options.Storage == StorageKind.Postgres
                ? new GroupedGrainStorage(adoNet, StateSerializer, options.StorageConnectionString, serviceId)
                : adoNet;
            IGrainStorage routed = new IdempotencyGrainStorage(provider,
                new IdempotencyTable(options.Storage, options.StorageConnectionString, serviceId));
            var stored = new CanonicalKeyGrainStorage(options.Storage == StorageKind.Sqlite
                ? new SerialWriteGrainStorage(routed, services.GetRequiredService<SqliteWriteGate>())
                : routed);
            var projected = new ReadModelGrainStorage(stored, services.GetRequiredService<ReadModelWriter>());
            return new WarmUpGrainStorage(projected, services.GetRequiredService<WarmUpStates>());
        });
        silo.Services.AddSingleton(TimeProvider.System);
        return silo;
    }
}
