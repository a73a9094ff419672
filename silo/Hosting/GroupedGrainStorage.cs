using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>PostgreSQL only: grain state reads that arrive together are answered by one SELECT, and updates that
/// arrive together are made by one UPDATE (<see cref="GroupCommit{TIn,TOut}"/>: alone, an operation runs at once). A
/// trace after a restart activates hundreds of batches at once, and measured there the ADO.NET provider's one query per
/// activation was half the silo's work.
/// Each read is sent after it was asked for, so it sees every write committed before, as the provider's own read does;
/// its result is what the provider would give (<see cref="AdoNetGrainStorage"/>'s ReadStateAsync, the same payload
/// deserializer, the version as the ETag). An update is what the provider's WriteToStorage does to a row it has read
/// (GroupedGrainStorage.Writes.cs). First writes (no ETag: the provider's INSERT, which guards against two activations
/// inserting at once) and clears go to <paramref name="inner"/>, the provider.</summary>
/// <remarks>Keys reach this layer as stored keys (<see cref="CanonicalKeyGrainStorage"/>): strings, so the provider
/// keeps them in <c>grainidextensionstring</c> with both numeric parts 0, and the index
/// <c>ix_orleansstorage_key</c> (serviceid, grainidextensionstring) finds them.</remarks>
public sealed partial class GroupedGrainStorage : IGrainStorage
{
    private const string Select = """
        SELECT graintypestring, grainidextensionstring, payloadbinary, version FROM orleansstorage
        WHERE serviceid = @service AND grainidextensionstring = ANY(@keys) AND grainidn0 = 0 AND grainidn1 = 0
        """;

    private readonly IGrainStorage inner;
    private readonly IGrainStorageSerializer serializer;
    private readonly GroupCommit<(string State, string Key), StoredRow?> reads;

    public GroupedGrainStorage(IGrainStorage inner, IGrainStorageSerializer serializer, string connectionString, string serviceId)
    {
        this.inner = inner;
        this.serializer = serializer;
        reads = new(async wanted =>
        {
            var found = await Find(connectionString, serviceId, wanted);
            return [.. wanted.Select(w => found.GetValueOrDefault(w))];
        });
        writes = new(updates => Update(connectionString, serviceId, updates));
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        // The provider names a row by the state name without generic arguments; Nguon's state names have none.
        if (stateName.Contains('`'))
        {
            await inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }
        var row = await reads.Run((stateName, grainId.Key.ToString()!));
        var state = row?.Payload is { } payload ? serializer.Deserialize<T>(new BinaryData(payload)) : default;
        grainState.State = state ?? Activator.CreateInstance<T>();
        grainState.ETag = row?.Version?.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = row?.Payload is not null;
    }

    private static async Task<Dictionary<(string, string), StoredRow>> Find(
        string connectionString, string serviceId, IReadOnlyList<(string State, string Key)> wanted)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(Select, connection);
        select.Parameters.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = serviceId });
        select.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = wanted.Select(w => w.Key).Distinct(StringComparer.Ordinal).ToArray(),
        });
        var found = new Dictionary<(string, string), StoredRow>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[(reader.GetString(0), reader.GetString(1))] = new StoredRow(
                reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
        }
        return found;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);

    private sealed record StoredRow(byte[]? Payload, int? Version);
}
