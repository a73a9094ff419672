using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Documents;

/// <summary>Persisted state: the subject's document references, oldest first, at most
/// <see cref="DocumentRules.MaxPerSubject"/> (the row is rewritten on every attach).</summary>
public sealed class DocumentState
{
    public List<DocumentInfo> Documents { get; set; } = [];
}

/// <summary>The documents of one batch, farm or certificate (key "{kind}/{id}"). The permission checks read the
/// subject from its own grain on each call, so a change of custody is seen at once.</summary>
[GrainType("documents")]
public sealed class DocumentGrain(
    [PersistentState("documents", Storage.Name)] IPersistentState<DocumentState> state,
    IGrainFactory grains) : RecordGrain(state), IDocumentGrain
{
    private (DocumentSubjectKind Kind, string Id) Subject => DocumentRules.ParseKey(this.GetPrimaryKeyString());

    public async Task<Outcome<bool>> CanAttach(Actor actor)
    {
        var (kind, id) = Subject;
        var (batch, farm, missing) = await Load(kind, id);
        return missing?.As<bool>() ?? DocumentRules.CanAttach(actor, kind, id, batch, farm, state.State.Documents.Count);
    }

    public async Task<Outcome<DocumentInfo>> Attach(DocumentInfo document, Actor actor)
    {
        var (kind, id) = Subject;
        var (batch, farm, missing) = await Load(kind, id);
        if (missing is not null) return missing.As<DocumentInfo>();
        var decided = DocumentRules.Attach(actor, kind, id, batch, farm, state.State.Documents, document);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State.Documents.Add(decided.Value.Value);
            await state.WriteStateAsync();
        }
        return decided.Answer();
    }

    public async Task<Outcome<IReadOnlyList<DocumentInfo>>> List(Actor actor) =>
        await CanRead(actor) is { } refused
            ? refused.As<IReadOnlyList<DocumentInfo>>()
            : Outcome<IReadOnlyList<DocumentInfo>>.Ok([.. state.State.Documents]);

    public async Task<Outcome<DocumentInfo>> Find(string sha256, Actor actor)
    {
        if (await CanRead(actor) is { } refused) return refused.As<DocumentInfo>();
        return state.State.Documents.Find(d => d.Sha256 == sha256) is { } found
            ? Outcome<DocumentInfo>.Ok(found)
            : Refusal.NotFound<DocumentInfo>(DocumentRules.NotAttached(sha256, this.GetPrimaryKeyString()));
    }

    public Task<IReadOnlyList<DocumentInfo>> GetAll() => Task.FromResult<IReadOnlyList<DocumentInfo>>([.. state.State.Documents]);

    private async Task<Outcome<bool>?> CanRead(Actor actor)
    {
        var (kind, id) = Subject;
        var (batch, farm, missing) = await Load(kind, id);
        if (missing is not null) return missing.As<bool>();
        return DocumentRules.MayRead(actor, kind, batch, farm) is { } denied ? Outcome<bool>.Forbidden(denied) : null;
    }

    private async Task<(Batch? Batch, Farm? Farm, Outcome<bool>? Missing)> Load(DocumentSubjectKind kind, string id)
    {
        switch (kind)
        {
            case DocumentSubjectKind.Batch:
                var batch = await grains.GetGrain<IBatchGrain>(id).GetRecord();
                return (batch, null, batch is null ? Refusal.NotFound<bool>(Unknown.Batch(id)) : null);
            case DocumentSubjectKind.Farm:
                var farm = await grains.GetGrain<IFarmGrain>(id).GetProfile();
                return (null, farm, farm is null ? Refusal.NotFound<bool>(Unknown.Farm(id)) : null);
            default:
                var cert = await grains.GetGrain<ICertificateGrain>(id).Get();
                return (null, null, cert is null ? Refusal.NotFound<bool>(Unknown.Certificate(id)) : null);
        }
    }
}
