using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nguon.Domain;
using Nguon.Domain.Organisations;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Organisations;

public sealed class AuditLogState
{
    public List<AuditEntry> Open { get; set; } = [];
    public int SealedPages { get; set; }
}

public sealed class AuditPageState
{
    public List<AuditEntry> Entries { get; set; } = [];
}

public sealed class AuditDaysState
{
    public List<string> Days { get; set; } = [];
}

/// <summary>One organisation's audit trail for one day. Like a batch's events: at most
/// <see cref="AuditRules.PageSize"/> entries in its own row, older ones sealed into write-once page grains; at most
/// its share of <see cref="AuditOptions.MaxEntriesPerDay"/> in all, so the day's trail is bounded. Its day's first
/// entry registers the day with the organisation's <see cref="AuditDaysGrain"/>, which deletes expired days.</summary>
[GrainType("audit")]
public sealed class AuditLogGrain(
    [PersistentState("audit", Storage.Name)] IPersistentState<AuditLogState> state,
    IGrainFactory grains,
    IOptions<AuditOptions> options,
    TimeProvider clock,
    ILogger<AuditLogGrain> logger) : RecordGrain(state), IAuditLogGrain
{
    public const int PageSize = AuditRules.PageSize;
    private bool reportedFull;

    private string Key => this.GetPrimaryKeyString();
    private int Kept => state.State.SealedPages * PageSize + state.State.Open.Count;

    public Task Append(AuditEntry entry) => AppendMany([entry]);

    /// <summary>Seals the open page first when the entries would overflow it (a silo sends at most
    /// <see cref="PageSize"/> at once), then writes them in one row write.</summary>
    public async Task AppendMany(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count > PageSize) throw new ArgumentException($"at most {PageSize} entries at once", nameof(entries));
        var (organisation, day) = AuditRules.Parse(Key);
        var room = AuditRules.IsExpired(day, AuditRules.Today(clock.GetUtcNow()), options.Value.RetentionDays)
            ? 0
            : Math.Max(0, AuditRules.EntriesPerShard(options.Value.MaxEntriesPerDay) - Kept);
        if (room < entries.Count) Dropped(organisation, entries.Count - room);
        if (room == 0) return;
        if (room < entries.Count) entries = [.. entries.Take(room)];
        if (!state.RecordExists && Kept == 0) await grains.GetGrain<IAuditDaysGrain>(organisation).Add(day);
        if (state.State.Open.Count + entries.Count > PageSize)
        {
            await Page(state.State.SealedPages).Seal(state.State.Open);
            state.State.SealedPages++;
            state.State.Open = [];
        }
        state.State.Open.AddRange(entries);
        await state.WriteStateAsync();
    }

    public async Task<Outcome<IReadOnlyList<AuditEntry>>> Read(Actor reader)
    {
        // The key is "{organisation}/{day}/{shard}": the trail belongs to the organisation it names.
        if (Permissions.ReadAudit(reader, AuditRules.Parse(Key).Organisation) is { } denied)
            return Outcome<IReadOnlyList<AuditEntry>>.Forbidden(denied);
        var pages = await Fanout.Map(Enumerable.Range(0, state.State.SealedPages).ToList(), i => Page(i).Get());
        return Outcome<IReadOnlyList<AuditEntry>>.Ok([.. pages.SelectMany(p => p), .. state.State.Open]);
    }

    public async Task Purge()
    {
        await Fanout.Each(Enumerable.Range(0, state.State.SealedPages).ToList(), i => Page(i).Clear());
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new AuditLogState();
        DeactivateOnIdle();
    }

    private IAuditPageGrain Page(int i) => grains.GetGrain<IAuditPageGrain>($"{Key}#{i}");

    private void Dropped(string organisation, int count)
    {
        NguonTelemetry.AuditDropped.Add(count);
        if (reportedFull) return;
        reportedFull = true;
        logger.LogWarning("audit trail {Shard} of {Organisation} is full or past the retention: further entries are counted, not kept",
            Key, organisation);
    }
}

[GrainType("audit-page")]
public sealed class AuditPageGrain([PersistentState("page", Storage.Name)] IPersistentState<AuditPageState> state)
    : RecordGrain(state), IAuditPageGrain
{
    public Task<IReadOnlyList<AuditEntry>> Get() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries);

    /// <summary>Written once (<see cref="SealedPage"/>); entries are plain values, so equal when their fields are.</summary>
    public Task Seal(IReadOnlyList<AuditEntry> entries) =>
        SealedPage.Seal(state, s => s.Entries, entries, (a, b) => a == b, this.GetPrimaryKeyString());

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new AuditPageState();
        DeactivateOnIdle();
    }
}

/// <summary>The days an organisation's audit trail holds (at most the retention's worth, as the days expired once a new day
/// begins are deleted when it is added). Non-reentrant: two shards starting the same day add it once.</summary>
[GrainType("audit-days")]
public sealed class AuditDaysGrain(
    [PersistentState("days", Storage.Name)] IPersistentState<AuditDaysState> state,
    IGrainFactory grains,
    IOptions<AuditOptions> options) : Grain, IAuditDaysGrain
{
    /// <summary>Expired days deleted per added day, so one call stays short (the rest go with the next days).</summary>
    public const int MaxPurgedPerAdd = 31;

    public async Task Add(string day)
    {
        if (state.State.Days.Contains(day)) return;
        var organisation = this.GetPrimaryKeyString();
        var expired = AuditRules.Expired(state.State.Days, day, options.Value.RetentionDays).Take(MaxPurgedPerAdd).ToList();
        await Fanout.Each([.. expired.SelectMany(d => AuditRules.ShardKeys(organisation, d))],
            key => grains.GetGrain<IAuditLogGrain>(key).Purge());
        state.State.Days = [.. state.State.Days.Except(expired).Append(day).Order(StringComparer.Ordinal)];
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> Days() => Task.FromResult<IReadOnlyList<string>>(state.State.Days);
}
