using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;

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

/// <summary>One organisation's audit trail for one day. Like a batch's events: at most
/// <see cref="PageSize"/> entries in its own row, older ones sealed into write-once page grains.</summary>
[GrainType("audit")]
public sealed class AuditLogGrain(
    [PersistentState("audit", Storage.Name)] IPersistentState<AuditLogState> state,
    IGrainFactory grains) : Grain, IAuditLogGrain
{
    public const int PageSize = 100;

    public Task Append(AuditEntry entry) => AppendMany([entry]);

    /// <summary>Seals the open page first when the entries would overflow it (a silo sends at most
    /// <see cref="PageSize"/> at once), then writes them in one row write.</summary>
    public async Task AppendMany(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count > PageSize) throw new ArgumentException($"at most {PageSize} entries at once", nameof(entries));
        if (state.State.Open.Count + entries.Count > PageSize)
        {
            await grains.GetGrain<IAuditPageGrain>($"{this.GetPrimaryKeyString()}#{state.State.SealedPages}").Seal(state.State.Open);
            state.State.SealedPages++;
            state.State.Open = [];
        }
        state.State.Open.AddRange(entries);
        await state.WriteStateAsync();
    }

    public async Task<Outcome<IReadOnlyList<AuditEntry>>> Read(Actor reader)
    {
        // The key is "{organisation}/{day}/{shard}": the trail belongs to the organisation it names.
        var organisation = this.GetPrimaryKeyString().Split('/')[0];
        if (Permissions.ReadAudit(reader, organisation) is { } denied) return Outcome<IReadOnlyList<AuditEntry>>.Forbidden(denied);
        var pages = await Fanout.Map(Enumerable.Range(0, state.State.SealedPages).ToList(),
            i => grains.GetGrain<IAuditPageGrain>($"{this.GetPrimaryKeyString()}#{i}").Get());
        return Outcome<IReadOnlyList<AuditEntry>>.Ok([.. pages.SelectMany(p => p), .. state.State.Open]);
    }
}

[GrainType("audit-page")]
public sealed class AuditPageGrain([PersistentState("page", Storage.Name)] IPersistentState<AuditPageState> state) : Grain, IAuditPageGrain
{
    public Task<IReadOnlyList<AuditEntry>> Get() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries);

    /// <summary>Written once (<see cref="SealedPage"/>); entries are plain values, so equal when their fields are.</summary>
    public Task Seal(IReadOnlyList<AuditEntry> entries) =>
        SealedPage.Seal(state, s => s.Entries, entries, (a, b) => a == b, this.GetPrimaryKeyString());
}
