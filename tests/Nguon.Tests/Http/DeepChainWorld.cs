using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Client.Dossiers;
using Nguon.Infrastructure;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;
using Npgsql;
using Orleans.TestingHost;

namespace Nguon.Tests.Http;

/// <summary>The 50,000-deep chain (<see cref="DeepChain"/>) stored in the test PostgreSQL under a ServiceId of its own,
/// for a silo process to serve: built through the grains of a one-silo test cluster whose storage is written behind
/// (<see cref="WriteBehindGrainStorage"/>; 50,000 sequential splits each waiting for PostgreSQL would take minutes),
/// flushed, and the cluster stopped before any silo process starts, so no row has two activations. Heads are signed
/// with one P-256 key written to <see cref="KeyDirectory"/>, which the silo process is given too.</summary>
public sealed class DeepChainWorld : IDisposable
{
    private readonly TempFolder keys = new("nguon-deep-keys-");

    private DeepChainWorld(string serviceId) => ServiceId = serviceId;

    public string ServiceId { get; }
    public string KeyDirectory => keys.Path;

    /// <summary>The signing key's id (its RFC 7638 thumbprint), as the silo's JWKS must list it.</summary>
    public string KeyId { get; private set; } = "";
    public Scenario World { get; private set; } = null!;
    public TimeSpan BuildTime { get; private set; }
    public TimeSpan FlushTime { get; private set; }
    public int Rows { get; private set; }

    /// <summary>Builds the chain of <paramref name="depth"/> batches; <paramref name="labelled"/> carry printed labels.</summary>
    public static async Task<DeepChainWorld> BuildAsync(int depth, IReadOnlyCollection<int> labelled)
    {
        var world = new DeepChainWorld("deep-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await world.Build(depth, labelled);
            return world;
        }
        catch
        {
            world.Dispose();
            throw;
        }
    }

    private async Task Build(int depth, IReadOnlyCollection<int> labelled)
    {
        await OneAtATime.WaitAsync();
        try { await BuildOnce(depth, labelled); }
        finally { OneAtATime.Release(); }
    }

    // The build cluster's configurator takes the signer from a static field: one build at a time.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private async Task BuildOnce(int depth, IReadOnlyCollection<int> labelled)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(keys.File("2026-01-01.pem"), key.ExportPkcs8PrivateKeyPem());
        KeyId = JsonWebKeySet.Thumbprint(key);
        await SchemaMigrator.ApplyAsync(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = PostgresClusterFixture.ConnectionString });

        BuildSilo.Signer = new EcdsaRecordSigner(KeyId, key, new Dictionary<string, ECDsa> { [KeyId] = key });
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = ServiceId;
        builder.AddSiloBuilderConfigurator<BuildSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var silo = ((InProcessSiloHandle)cluster.Primary!).ServiceProvider;
            // The silo's own grain factory: 50,000 splits in a row without a client's network hop each.
            World = new Scenario(silo.GetRequiredService<IGrainFactory>());
            BuildTime = await DeepChain.Build(World, depth, labelled);
            var flushing = System.Diagnostics.Stopwatch.StartNew();
            Rows = await WriteBehindGrainStorage.Of(silo).FlushAsync();
            FlushTime = flushing.Elapsed;
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>The arguments that start a silo process on this world's rows and key (a cluster id of its own).</summary>
    public IReadOnlyList<string> SiloArguments =>
    [
        "--Nguon:Storage=Postgres",
        $"--Nguon:ConnectionString={PostgresClusterFixture.ConnectionString}",
        $"--Nguon:ServiceId={ServiceId}",
        $"--Nguon:ClusterId={ServiceId}",
        $"--Nguon:Signing:KeyDirectory={KeyDirectory}",
        "--Nguon:Signing:CreateIfMissing=false",
        "--Logging:LogLevel:Default=Warning",
    ];

    public void Dispose() => keys.Dispose();

    private sealed class BuildSilo : ISiloConfigurator
    {
        // Set just before the cluster is built (a configurator is made by type).
        public static IRecordSigner? Signer;

        public void Configure(ISiloBuilder silo)
        {
            // The flush's commits need not wait for the disk: the rows are read back by the silo process, not after a crash.
            var connection = new NpgsqlConnectionStringBuilder(PostgresClusterFixture.ConnectionString) { Options = "-c synchronous_commit=off" };
            silo.AddNguonGrainStorage(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = connection.ConnectionString });
            WriteBehindGrainStorage.Decorate(silo.Services);
            silo.Services.AddSingleton(Signer ?? throw new InvalidOperationException("no signer set for the build cluster"));
        }
    }
}
