using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>Updates in groups. Measured on event POSTs at 64 clients, the provider's WriteToStorage (one function call
/// and one commit per grain write) was the largest statement on PostgreSQL; updates that arrive together now share one
/// UPDATE and one commit. Each row is updated as the provider updates it: only at the version the grain read (its ETag),
/// to that version + 1, which becomes the new ETag; a row at another version (a second activation wrote it, or it was
/// deleted) is left alone and that write fails with <see cref="InconsistentStateException"/>, as the provider's does.
/// The statement is one transaction: a group that fails fails every write in it, and none of them is acknowledged.</summary>
public sealed partial class GroupedGrainStorage
{
    private const string UpdateRows = """
        UPDATE orleansstorage AS o
        SET payloadbinary = w.payload, modifiedon = (now() at time zone 'utc'), version = o.version + 1
        FROM unnest(@states, @keys, @versions, @payloads) AS w(state, key, version, payload)
        WHERE o.serviceid = @service AND o.grainidextensionstring = w.key AND o.graintypestring = w.state
            AND o.grainidn0 = 0 AND o.grainidn1 = 0 AND o.version = w.version
        RETURNING o.graintypestring, o.grainidextensionstring, o.version
        """;

    private readonly GroupCommit<StateUpdate, int?> writes;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (stateName.Contains('`') || !int.TryParse(grainState.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var read))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }
        var payload = serializer.Serialize(grainState.State).ToArray();
        var written = await writes.Run(new StateUpdate(stateName, grainId.Key.ToString()!, read, payload));
        if (written is not { } version)
        {
            throw new InconsistentStateException(
                $"{stateName} {grainId} was not written: its stored version is not {read}, the version it was read at",
                storedEtag: null, currentEtag: grainState.ETag, storageException: null);
        }
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>Each update's new version, or null when its row was not at the version it was read at. A row named twice
    /// in one group (two activations of one grain) is updated by the first only; the second goes into the next
    /// statement, where it finds the version the first left, so it fails as it would have alone.</summary>
    private static async Task<IReadOnlyList<int?>> Update(string connectionString, string serviceId, IReadOnlyList<StateUpdate> updates)
    {
        var results = new int?[updates.Count];
        var left = Enumerable.Range(0, updates.Count).ToList();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        while (left.Count > 0)
        {
            var seen = new HashSet<(string, string)>();
            var round = left.Where(i => seen.Add((updates[i].State, updates[i].Key))).ToList();
            left = [.. left.Except(round)];
            // In key order, so two silos' groups that share rows (a grain active on both) lock them in the same order.
            round.Sort((a, b) => string.CompareOrdinal(updates[a].Key, updates[b].Key));
            var updated = await UpdateRound(connection, serviceId, [.. round.Select(i => updates[i])]);
            foreach (var i in round) results[i] = updated.TryGetValue((updates[i].State, updates[i].Key), out var v) ? v : null;
        }
        return results;
    }

    private static async Task<Dictionary<(string, string), int>> UpdateRound(
        NpgsqlConnection connection, string serviceId, IReadOnlyList<StateUpdate> round)
    {
        await using var update = new NpgsqlCommand(UpdateRows, connection);
        update.Parameters.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = serviceId });
        update.Parameters.Add(Array("states", NpgsqlDbType.Text, round.Select(u => u.State).ToArray()));
        update.Parameters.Add(Array("keys", NpgsqlDbType.Text, round.Select(u => u.Key).ToArray()));
        update.Parameters.Add(Array("versions", NpgsqlDbType.Integer, round.Select(u => u.Version).ToArray()));
        update.Parameters.Add(Array("payloads", NpgsqlDbType.Bytea, round.Select(u => u.Payload).ToArray()));
        var updated = new Dictionary<(string, string), int>();
        await using var reader = await update.ExecuteReaderAsync();
        while (await reader.ReadAsync()) updated[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return updated;
    }

    private static NpgsqlParameter Array(string name, NpgsqlDbType type, object values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values };

    private sealed record StateUpdate(string State, string Key, int Version, byte[] Payload);
}
