using Microsoft.Extensions.DependencyInjection;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Silo.Hosting;
using Orleans.TestingHost;

namespace Nguon.Tests.Infrastructure;

/// <summary>One in-process test cluster with in-memory grain storage, shared by the grain tests.</summary>
public sealed class MemoryClusterFixture : IAsyncLifetime
{
    /// <summary>The test clusters' transparency-log checkpoint interval (short, so tests wait little for proofs).</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMilliseconds(250);

    public TestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.AddSiloBuilderConfigurator<MemorySilo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class MemorySilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(Storage.Name);
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<IRecordSigner>(EcdsaRecordSigner.Ephemeral());
            silo.AddNguonLog(o => o.CheckpointInterval = LogInterval);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryClusterFixture>
{
    public const string Name = "memory cluster";
}

/// <summary>A test cluster whose grain storage is the real PostgreSQL started by the test command
/// (connection string in NGUON_TEST_POSTGRES). It can be restarted on the same stored state.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public const string Variable = "NGUON_TEST_POSTGRES";

    /// <summary>Fixed per fixture instance: the storage key includes it, so a restart finds the same rows.</summary>
    public string ServiceId { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];
    public TestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.GrainFactory;

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException($"{Variable} is not set: run the tests with tests/run.sh, which starts PostgreSQL");

    public async Task InitializeAsync()
    {
        await SchemaMigrator.ApplyAsync(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = ConnectionString });
        Cluster = await StartAsync();
    }

    /// <summary>Stops every silo (all activations and their memory are gone), runs <paramref name="whileStopped"/>,
    /// and starts a fresh cluster on the same stored state.</summary>
    public async Task RestartAsync(Func<Task>? whileStopped = null)
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        if (whileStopped is not null) await whileStopped();
        Cluster = await StartAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private async Task<TestCluster> StartAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = ServiceId;
        builder.AddSiloBuilderConfigurator<PostgresSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class PostgresSilo : ISiloConfigurator
    {
        // One key for the fixture's lifetime: heads signed before a restart verify after it.
        private static readonly IRecordSigner Signer = EcdsaRecordSigner.Ephemeral();

        public void Configure(ISiloBuilder silo)
        {
            silo.AddNguonGrainStorage(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = ConnectionString });
            silo.Services.AddSingleton(Signer);
            silo.AddNguonLog(o => o.CheckpointInterval = MemoryClusterFixture.LogInterval);
        }
    }
}
