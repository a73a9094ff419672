namespace Nguon.Silo.ReadModel;

/// <summary>What a read-model answer can promise. <see cref="AsOf"/>: every write this silo acknowledged before it is in
/// the answer (writes are projected before they are acknowledged; a failed projection holds it back until the sweep
/// writes it). <see cref="SweptAt"/>: when a sweep last started that then brought every record of the cluster up to its
/// grain — writes of a silo that died before projecting them are in from then on.</summary>
public sealed record Watermark(DateTimeOffset AsOf, DateTimeOffset? SweptAt)
{
    public const string Header = "Nguon-Read-Model-As-Of";
}

public sealed class ReadModelWatermark(ReadModelWriter writer)
{
    public async Task<Watermark> Current(CancellationToken cancellationToken = default)
    {
        var swept = await writer.Store.Sql.Rows("SELECT swept_at FROM rm_sweeps WHERE service_id = @s", [],
            r => ReadModelSql.ReadTime(r, 0), cancellationToken);
        return new(writer.AsOf, swept.Count > 0 ? swept[0] : null);
    }
}
