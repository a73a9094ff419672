using System.Collections.Concurrent;
using Nguon.Silo.Hosting;
using Nguon.Telemetry;

namespace Nguon.Silo.ReadModel;

/// <summary>This silo's projections into the read model, in groups (<see cref="GroupCommit{TIn,TOut}"/>: writes arriving
/// while one transaction runs share the next). A projection that could not be written is remembered as behind, with
/// the time of its first failure, until the sweep projects its record again: that is how reads know how fresh they are
/// (<see cref="AsOf"/>).</summary>
public sealed class ReadModelWriter
{
    private readonly ReadModelStore store;
    private readonly TimeProvider clock;
    private readonly GroupCommit<Projection, bool> commits;
    private readonly SqliteWriteGate? gate;
    private readonly ConcurrentDictionary<(ReadKind, string), DateTimeOffset> behind = new();
    private readonly ConcurrentDictionary<(string Gi, string Season), byte> changedSeasons = new();

    /// <summary>The most GI seasons remembered as changed between two alert passes (far more than a province has).</summary>
    public const int MaxChangedSeasons = 10_000;

    private readonly ILogger? logger;

    public ReadModelWriter(ReadModelStore store, TimeProvider clock, SqliteWriteGate? gate = null, ILogger<ReadModelWriter>? logger = null)
    {
        this.store = store;
        this.clock = clock;
        this.gate = gate;
        this.logger = logger;
        commits = new(async batch => await Write(batch, clock.GetUtcNow()));
    }

    public ReadModelStore Store => store;

    /// <summary>(transactions, projections) written so far.</summary>
    public (long Batches, long Calls) Counts => commits.Counts;

    /// <summary>Writes <paramref name="projection"/>; true when its record's row took it. A failure, or a projection
    /// the row refused (it could not continue what is stored, or the row was newer), is kept as behind (never thrown:
    /// the grain's write it follows has been stored, and the sweep will project it).</summary>
    public async Task<bool> Submit(Projection projection)
    {
        try
        {
            if (await commits.Run(projection))
            {
                Changed(projection);
                return true;
            }
            behind.TryAdd((projection.Kind, projection.Key), clock.GetUtcNow());
            NguonTelemetry.ReadModelRefusals.Add(1);
            return false;
        }
        catch (Exception e)
        {
            if (behind.TryAdd((projection.Kind, projection.Key), clock.GetUtcNow()))
                logger?.LogWarning(e, "read model: {Kind} {Key} not projected, left to the sweep", projection.Kind, projection.Key);
            NguonTelemetry.ReadModelFailures.Add(1);
            return false;
        }
    }

    /// <summary>Writes projections a sweep or rebuild made, in one transaction, and forgets them as behind.</summary>
    public async Task Repair(IReadOnlyList<Projection> projections)
    {
        if (projections.Count == 0) return;
        var started = clock.GetUtcNow();
        await Write(projections, started);
        foreach (var p in projections) Changed(p);
        foreach (var p in projections)
            if (behind.TryGetValue((p.Kind, p.Key), out var since) && since <= started) behind.TryRemove((p.Kind, p.Key), out _);
    }

    /// <summary>A sweep that started at <paramref name="sweepStart"/> and went through every stale record: whatever was
    /// behind before it is in the read model now (repaired, or found current: a refused projection whose row was newer).</summary>
    public void Settle(DateTimeOffset sweepStart)
    {
        foreach (var (key, since) in behind)
            if (since < sweepStart) behind.TryRemove(new KeyValuePair<(ReadKind, string), DateTimeOffset>(key, since));
    }

    /// <summary>The GI seasons whose lots this silo projected since the last call (the alert evaluator's "as writes
    /// arrive": a harvest's season, a derived lot's year), each once.</summary>
    public IReadOnlyList<(string Gi, string Season)> TakeChangedSeasons()
    {
        var taken = changedSeasons.Keys.ToList();
        foreach (var key in taken) changedSeasons.TryRemove(key, out _);
        return taken;
    }

    private void Changed(Projection projection)
    {
        if (projection is BatchProjection { Row: { GiClaim: { } gi } row } && changedSeasons.Count < MaxChangedSeasons)
            changedSeasons.TryAdd((gi, row.Season ?? row.CreatedAt.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), 0);
    }

    private Task<bool[]> Write(IReadOnlyList<Projection> projections, DateTimeOffset now) =>
        gate.Through(() => store.Apply(projections, now));

    /// <summary>Records this silo could not project, with the time of the first failure.</summary>
    public IReadOnlyCollection<KeyValuePair<(ReadKind Kind, string Key), DateTimeOffset>> Behind => behind.ToArray();

    /// <summary>Every write this silo acknowledged before this time is in the read model: now, unless a projection failed.</summary>
    public DateTimeOffset AsOf => behind.IsEmpty ? clock.GetUtcNow() : behind.Values.Min();
}
