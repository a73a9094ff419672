using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.ReadModel;

/// <summary>The grains' read rules (<see cref="Permissions.MayReadBatch"/>, <see cref="Permissions.MayReadFarm"/>) as SQL
/// conditions on the list queries, with the reader bound as @reader; null when the reader may read every row.
/// ReadScopeTests check the two agree row by row.</summary>
public static class ReadScope
{
    private static bool ReadsAll(Actor reader) => reader.HasAny(Role.Inspector, Role.Authority, Role.Admin);

    /// <summary>On rm_batches b: the custodian, the shipment's destination, a former custodian.</summary>
    public static string? Batches(Actor reader) => ReadsAll(reader) ? null : """
        (b.custodian = @reader OR b.destination = @reader
            OR EXISTS (SELECT 1 FROM rm_batch_holders h WHERE h.service_id = @s AND h.batch = b.code AND h.holder = @reader))
        """;

    /// <summary>On rm_farms f: the owner.</summary>
    public static string? Farms(Actor reader) => ReadsAll(reader) ? null : "f.owner = @reader";
}
