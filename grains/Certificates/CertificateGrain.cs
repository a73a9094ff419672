using Nguon.Domain;
using Nguon.Domain.Certificates;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Model;

namespace Nguon.Certificates;

/// <summary>Persisted state of a GI certificate. Bounded: its log (at most <see cref="HashChain.MaxEntries"/> entries:
/// the registration and every status change) and the signature of its head; it keeps no list of authorised farms —
/// each farm holds its own authorisation. The certificate itself is not stored: it is the log's fold.</summary>
public sealed class CertificateState
{
    public List<CertificateEntry> Log { get; set; } = [];

    /// <summary>The silo's signature of the log's head, written with it.</summary>
    public HeadSignature? HeadSignature { get; set; }

    /// <summary>The operation (idempotency key) that registered the certificate, so a retried registration gets
    /// the certificate back instead of a conflict.</summary>
    public string? RegisteredBy { get; set; }

    /// <summary>The last status-change operations applied (at most <see cref="Nguon.Infrastructure.RecentOperations.Kept"/>),
    /// so a retry after a silo failure adds no second history entry.</summary>
    public List<string> RecentOperations { get; set; } = [];
}

[GrainType("certificate")]
public sealed class CertificateGrain(
    [PersistentState("certificate", Storage.Name)] IPersistentState<CertificateState> state,
    IGrainFactory grains,
    IRecordSigner signer,
    TimeProvider clock) : RecordGrain(state), ICertificateGrain
{
    /// <summary>The log's fold, kept in memory (the state holds only the log).</summary>
    private Certificate? current;

    private string Number => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        current = CertificateChain.Fold(Number, state.State.Log);
        return base.OnActivateAsync(cancellationToken);
    }

    public Task<Certificate?> Get() => Task.FromResult(current);

    /// <summary>This activation's identity in <see cref="GetVersion"/>: the change counter lives in memory only.</summary>
    private readonly Guid activation = Guid.NewGuid();
    private long authorisationChanges;

    public Task<CertificateVersion> GetVersion() =>
        Task.FromResult(new CertificateVersion(activation, state.State.Log.Count, authorisationChanges));

    public Task AuthorisationChanged()
    {
        authorisationChanges++;
        return Task.CompletedTask;
    }

    public Task<CertificateLog?> GetLog() =>
        Task.FromResult(state.State.Log.Count == 0 ? null : new CertificateLog(Number, [.. state.State.Log], state.State.HeadSignature));

    public async Task<Outcome<Certificate>> Register(RegisterCertificate command, Actor actor, string? operationId = null)
    {
        var replay = operationId is not null && state.State.RegisteredBy == operationId;
        var decided = CertificateDecisions.Register(state.State.Log, Number, command, actor, clock.GetUtcNow(), replay);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State.RegisteredBy = operationId;
            await Append(decided.Value.Value);
        }
        return decided.Recorded();
    }

    public async Task<Outcome<Certificate>> ChangeStatus(ChangeStatus command, Actor actor, string? operationId = null)
    {
        var replay = state.State.RecentOperations.Applied(operationId);
        var decided = CertificateDecisions.ChangeStatus(state.State.Log, Number, command, actor, clock.GetUtcNow(), replay);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State.RecentOperations = state.State.RecentOperations.With(operationId);
            await Append(decided.Value.Value);
        }
        return decided.Recorded();
    }

    /// <summary>Appends the decided entry, signs the new head, writes both, then hands the head to the log.</summary>
    private async Task Append(Logged<Certificate, CertificateEntry> change)
    {
        state.State.Log = [.. state.State.Log, change.Entry!];
        var head = CertificateChain.Head(Number, state.State.Log);
        state.State.HeadSignature = signer.SignHead(head);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle(); // the state in memory may be ahead of storage: reload what was stored
            throw;
        }
        current = change.Record;
        await HeadLog.Append(grains, head);
    }
}
