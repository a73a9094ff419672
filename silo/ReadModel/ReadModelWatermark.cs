namespace Nguon.Silo.ReadModel;

/// <summary>What a read-model answer can promise. <see cref="AsOf"/>: every write this silo acknowledged before it is in
/// the answer (writes are projected before they are acknowledged; a failed projection holds it back until the sweep
/// writes it). <see cref="SweptAt"/>: when a sweep last started that then brought every record of the cluster up to its
/// grain — writes of a silo that died before projecting them are in from then on.</summary>
public sealed record Watermark(DateTimeOffset AsOf, DateTimeOffset? SweptAt)
{
    public const string Header = "Nguon-Read-Model-As-Of";
}

/// <summary>The watermark of an answer about to be read. The last sweep's time is read from the database at most once
/// per <see cref="SweptAtRefresh"/> (a list request would otherwise pay a second round trip for it): an older sweep time
/// is still a true promise, only a weaker one.</summary>
public sealed class ReadModelWatermark(ReadModelWriter writer, TimeProvider clock)
{
    public static readonly TimeSpan SweptAtRefresh = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim refresh = new(1, 1);
    private Reading? cached; // swapped whole, so a reader never sees half of one

    private sealed record Reading(DateTimeOffset? SweptAt, DateTimeOffset ReadAt);

    public async Task<Watermark> Current(CancellationToken cancellationToken = default)
    {
        var asOf = writer.AsOf;
        return new(asOf, await SweptAt(cancellationToken));
    }

    private async Task<DateTimeOffset?> SweptAt(CancellationToken cancellationToken)
    {
        if (Fresh(cached) is { } hit) return hit.SweptAt;
        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(cached) is { } again) return again.SweptAt;
            var readAt = clock.GetUtcNow();
            var swept = await writer.Store.Sql.Rows("SELECT swept_at FROM rm_sweeps WHERE service_id = @s", [],
                r => ReadModelSql.ReadTime(r, 0), cancellationToken);
            cached = new(swept.Count > 0 ? swept[0] : null, readAt);
            return cached.SweptAt;
        }
        finally
        {
            refresh.Release();
        }
    }

    private Reading? Fresh(Reading? reading) => reading is { } r && clock.GetUtcNow() - r.ReadAt < SweptAtRefresh ? r : null;
}
