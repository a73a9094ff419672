using Nguon.Domain;
using Nguon.Domain.Certificates;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Certificates;

/// <summary>Persisted state of a GI certificate. Bounded: the certificate and its status history (capped);
/// it keeps no list of authorised farms — each farm holds its own authorisation.</summary>
public sealed class CertificateState
{
    public Certificate? Certificate { get; set; }

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
    TimeProvider clock) : Grain, ICertificateGrain
{
    private string Number => this.GetPrimaryKeyString();

    public Task<Certificate?> Get() => Task.FromResult(state.State.Certificate);

    public async Task<Outcome<Certificate>> Register(RegisterCertificate command, Actor actor, string? operationId = null)
    {
        var replay = operationId is not null && state.State.RegisteredBy == operationId;
        var decided = CertificateDecisions.Register(state.State.Certificate, Number, command, actor, clock.GetUtcNow(), replay);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State.Certificate = decided.Value.Value;
            state.State.RegisteredBy = operationId;
            await state.WriteStateAsync();
        }
        return decided.Answer();
    }

    public async Task<Outcome<Certificate>> ChangeStatus(ChangeStatus command, Actor actor, string? operationId = null)
    {
        var replay = state.State.RecentOperations.Applied(operationId);
        var decided = CertificateDecisions.ChangeStatus(state.State.Certificate, Number, command, actor, clock.GetUtcNow(), replay);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State.Certificate = decided.Value.Value;
            state.State.RecentOperations = state.State.RecentOperations.With(operationId);
            await state.WriteStateAsync();
        }
        return decided.Answer();
    }
}
