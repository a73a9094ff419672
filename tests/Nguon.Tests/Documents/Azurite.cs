using Azure.Storage.Blobs;

namespace Nguon.Tests.Documents;

/// <summary>The real Azurite blob service the test command starts (connection string in NGUON_TEST_AZURITE).
/// A test that needs it fails, never skips, when it is not there.</summary>
public static class Azurite
{
    public const string Variable = "NGUON_TEST_AZURITE";

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException($"{Variable} is not set: run the tests with tests/run.sh, which starts Azurite");

    /// <summary>A container name of its own for a test class (names: 3–63 lower-case letters, digits, hyphens).</summary>
    public static string NewContainerName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];

    public static BlobContainerClient Container(string name) => new(ConnectionString, name);
}
