using Nguon.Tests.Http;

namespace Nguon.Tests.Cli;

/// <summary>The silo the CLI tests point `nguon --server` at: a <see cref="SiloProcess"/> (the built silo as a real
/// child process on free loopback ports, SQLite in a fresh temporary directory, a generated admin key imported
/// through <c>--Nguon:BootstrapKey</c>) seen as a CLI user sees it: a URL, an admin key and a folder for files.</summary>
public sealed class CliSilo : IAsyncLifetime, IAsyncDisposable
{
    private readonly SiloProcess silo = new(extraArguments: ["--Logging:LogLevel:Default=Warning"]);

    /// <summary>Temporary directory: the database, the process's working directory, and the tests' files.</summary>
    public string Directory => silo.Directory;

    /// <summary>The administrator token the silo imported at start (organisation nguon-admin).</summary>
    public string AdminKey => silo.AdminToken;

    /// <summary>The server URL to give `nguon --server`.</summary>
    public string Url => $"http://127.0.0.1:{silo.HttpPort}";

    /// <summary>A fresh path inside <see cref="Directory"/>.</summary>
    public string NewFile(string name) => Path.Combine(Directory, $"{Guid.NewGuid():N}-{name}");

    /// <summary>Starts a silo of its own and waits (bounded) until it answers.</summary>
    public static async Task<CliSilo> StartNewAsync()
    {
        var silo = new CliSilo();
        try
        {
            await silo.InitializeAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public Task InitializeAsync() => silo.StartAsync();

    public Task DisposeAsync() => silo.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}

/// <summary>Every CLI test class shares one silo process (a collection's tests run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class CliSiloCollection : ICollectionFixture<CliSilo>
{
    public const string Name = "cli: silo process";
}
