using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Client.Dossiers;
using Nguon.Infrastructure;
using Nguon.Silo.Hosting;
using Npgsql;
using Orleans.TestingHost;

namespace Nguon.Tests.Infrastructure;

/// <summary>Issue 12's 50,000-deep chain (<see cref="DeepChain"/>), built once for the grain test and the HTTP test:
/// through the grains of a one-silo test cluster (ServiceId of its own) whose storage is written behind
/// (<see cref="WriteBehindGrainStorage"/>: 50,000 splits in a row, each waiting for PostgreSQL, would take minutes),
/// then flushed to the test PostgreSQL, where a silo process started on the same ServiceId finds it. After the flush the
/// two stores are apart: the cluster keeps the chain as built in memory (the grain test reads it), the database is the
/// silo process's. Heads are signed with one P-256 key written to <see cref="KeyDirectory"/>, given to both.</summary>
public sealed class DeepChainFixture : IAsyncLifetime
{
    private readonly TempFolder keys = new("nguon-deep-keys-");
    private TestCluster? cluster;

    public static int Depth => DeepChain.Depth;
    public static int Tip => Depth - 1;
    public static int Middle => Depth / 2;

    /// <summary>The batches that carry a printed label (and so a Digital Link): the root, the middle and the tip.</summary>
    public static IReadOnlyCollection<int> Labelled => [0, Middle, Tip];

    public string ServiceId { get; } = "deep-" + Guid.NewGuid().ToString("N")[..12];
    public string KeyDirectory => keys.Path;

    /// <summary>The signing key's id (its RFC 7638 thumbprint), as the silo's JWKS must list it.</summary>
    public string KeyId { get; private set; } = "";

    /// <summary>The chain's world, through the test cluster's client.</summary>
    public Scenario World { get; private set; } = null!;

    public TimeSpan BuildTime { get; private set; }
    public TimeSpan FlushTime { get; private set; }
    public int Rows { get; private set; }

    /// <summary>What building took, for the tests' output.</summary>
    public string Figures => $"built {Depth} batches through the grains in {BuildTime.TotalSeconds:0.0} s, "
        + $"flushed {Rows} rows to PostgreSQL in {FlushTime.TotalSeconds:0.0} s";

    /// <summary>The arguments that start a silo process on the chain's rows and key (a cluster id of its own).</summary>
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

    public async Task InitializeAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(keys.File("2026-01-01.pem"), key.ExportPkcs8PrivateKeyPem());
        KeyId = JsonWebKeySet.Thumbprint(key);
        await SchemaMigrator.ApplyAsync(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = PostgresClusterFixture.ConnectionString });

        // A configurator is made by type: it takes the signer from here (one deep-chain fixture per test run).
        BuildSilo.Signer = new EcdsaRecordSigner(KeyId, ECDsa.Create(key.ExportParameters(includePrivateParameters: true)),
            new Dictionary<string, ECDsa> { [KeyId] = ECDsa.Create(key.ExportParameters(includePrivateParameters: false)) });
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = ServiceId;
        builder.AddSiloBuilderConfigurator<BuildSilo>();
        cluster = builder.Build();
        await cluster.DeployAsync();

        var silo = ((InProcessSiloHandle)cluster.Primary!).ServiceProvider;
        // The silo's own grain factory: 50,000 splits in a row without a client's network hop each.
        var inSilo = new Scenario(silo.GetRequiredService<IGrainFactory>());
        BuildTime = await DeepChain.Build(inSilo, Depth, Labelled);
        World = inSilo.On(cluster.GrainFactory);
        var flushing = Stopwatch.StartNew();
        Rows = await WriteBehindGrainStorage.Of(silo).FlushAsync();
        FlushTime = flushing.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
        keys.Dispose();
    }

    private sealed class BuildSilo : ISiloConfigurator
    {
        public static IRecordSigner? Signer;

        public void Configure(ISiloBuilder silo)
        {
            // The flush's commits need not wait for the disk: a silo process reads the rows back, not a crashed server.
            var connection = new NpgsqlConnectionStringBuilder(PostgresClusterFixture.ConnectionString) { Options = "-c synchronous_commit=off" };
            silo.AddNguonGrainStorage(new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = connection.ConnectionString });
            WriteBehindGrainStorage.Decorate(silo.Services);
            silo.Services.AddSingleton(Signer ?? throw new InvalidOperationException("no signer set for the build cluster"));
        }
    }
}

/// <summary>The grain test and the HTTP test of the deep chain share its one build (and run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class DeepChainCollection : ICollectionFixture<DeepChainFixture>
{
    public const string Name = "deep chain: 50,000 batches on PostgreSQL";
}
